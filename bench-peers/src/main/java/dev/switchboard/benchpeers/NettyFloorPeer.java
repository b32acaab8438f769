package dev.switchboard.benchpeers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor no gateway can beat: each publish is encoded once into a complete WebSocket text frame, and one
 * task per event loop writes that same buffer to every channel the loop owns, then flushes. No JSON, no
 * routing, no per-line queue.
 */
public final class NettyFloorPeer {

    /** Channels per event loop, touched only by their own loop. */
    private final Map<EventExecutor, List<Channel>> lines = new IdentityHashMap<>();
    private final EventLoopGroup workers;

    private NettyFloorPeer(EventLoopGroup workers) {
        this.workers = workers;
        for (EventExecutor loop : workers) {
            lines.put(loop, new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        NettyFloorPeer peer = new NettyFloorPeer(workers);
        new ServerBootstrap().group(boss, workers).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new WebSocketServerProtocolHandler("/sub"), peer.new Handler());
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("listening on port " + port);
        Thread.currentThread().join();
    }

    /** A server-to-client text frame (FIN, opcode 1, unmasked) holding {@code payload}. */
    static ByteBuf textFrame(ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf frame = Unpooled.directBuffer(length + 10);
        frame.writeByte(0x81);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length < 65536) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(payload, payload.readerIndex(), length);
    }

    private void broadcast(ByteBuf frame) {
        for (EventExecutor executor : workers) {
            EventLoop loop = (EventLoop) executor;
            ByteBuf mine = frame.retainedDuplicate();
            loop.execute(() -> {
                try {
                    for (Channel channel : lines.get(loop)) {
                        channel.write(mine.retainedDuplicate(), channel.voidPromise());
                    }
                    for (Channel channel : lines.get(loop)) {
                        channel.flush();
                    }
                } finally {
                    mine.release();
                }
            });
        }
        frame.release();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                List<Channel> mine = lines.get(ctx.channel().eventLoop());
                mine.add(ctx.channel());
                ctx.channel().closeFuture().addListener(f -> mine.remove(ctx.channel()));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame) {
                return; // subscribers have nothing to say
            }
            FullHttpRequest request = (FullHttpRequest) msg;
            HttpResponseStatus status = HttpResponseStatus.NOT_FOUND;
            if (request.method().equals(HttpMethod.POST) && request.uri().equals("/pub")) {
                broadcast(textFrame(request.content()));
                status = HttpResponseStatus.OK;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            HttpUtil.setContentLength(response, 0);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            }
            ctx.writeAndFlush(response).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE
                    : ChannelFutureListener.CLOSE);
        }
    }
}
