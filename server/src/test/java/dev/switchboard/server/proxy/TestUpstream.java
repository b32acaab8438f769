package dev.switchboard.server.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real dev server for the proxy to talk to: a small Netty HTTP + WebSocket server that says which
 * upstream it is. Paths: {@code /ws} WebSocket echo ("name:text"); {@code /slow} never answers; {@code /sse}
 * an event stream fed by {@link #sse}; {@code /download?size=N} N bytes, written only while the connection
 * is writable; {@code /upload} counts the body as it arrives; {@code /nolength} a body ended by closing;
 * anything else echoes the request line and headers.
 */
final class TestUpstream implements AutoCloseable {

    /** What the upstream saw of one request. */
    record Seen(String method, String uri, Map<String, String> headers, int remotePort) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final String name;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicLong uploaded = new AtomicLong();
    final CompletableFuture<Long> firstUploadChunk = new CompletableFuture<>();
    final AtomicInteger webSockets = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    /** Bytes of WebSocket payload written by {@code flood}, which writes only while the connection is writable. */
    final AtomicLong floodSent = new AtomicLong();
    static final int FLOOD_FRAME = 64 * 1024;
    static final long FLOOD_TOTAL = 64L * 1024 * 1024;
    private final List<Channel> sseStreams = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group;
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;

    private TestUpstream(String name, int port) throws InterruptedException {
        this.name = name;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        connections.incrementAndGet();
                        ch.pipeline().addLast("codec", new HttpServerCodec());
                        // Answers Expect: 100-continue with an interim 100, as Node's http server does.
                        ch.pipeline().addLast("continue", new io.netty.handler.codec.http.HttpServerExpectContinueHandler());
                        ch.pipeline().addLast("handler", new Handler());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
    }

    static TestUpstream start(String name) throws InterruptedException {
        return new TestUpstream(name, 0);
    }

    /** A new server on a given port (a restarted dev server reusing its port). */
    static TestUpstream start(String name, int port) throws InterruptedException {
        return new TestUpstream(name, port);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    int openChildren() {
        return children.size();
    }

    /** Sends one server-sent event to every open {@code /sse} stream. */
    void sse(String data) {
        for (Channel stream : sseStreams) {
            stream.writeAndFlush(new DefaultHttpContent(
                    Unpooled.copiedBuffer("data: " + data + "\n\n", StandardCharsets.UTF_8)));
        }
    }

    /** Ends every open {@code /sse} stream. */
    void endSse() {
        for (Channel stream : sseStreams) {
            stream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        sseStreams.clear();
    }

    /** Kills the server: no more listener, every connection cut. */
    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        server.close().syncUninterruptibly();
        children.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {

        private HttpRequest request;
        private long bodyBytes;
        private long downloadLeft;
        private boolean upgraded;
        private boolean flooding;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame frame) {
                webSocketFrame(ctx, frame);
                return;
            }
            if (msg instanceof HttpRequest head) {
                request = head;
                bodyBytes = 0;
                Map<String, String> headers = new TreeMap<>();
                head.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(),
                        (a, b) -> a + ", " + b));
                seen.add(new Seen(head.method().name(), head.uri(), headers,
                        ((InetSocketAddress) ctx.channel().remoteAddress()).getPort()));
                String path = new QueryStringDecoder(head.uri()).path();
                if (head.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                    upgraded = true;
                    upgrade(ctx, head);
                    return;
                }
                if (path.equals("/sse")) {
                    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                    ctx.writeAndFlush(response);
                    sseStreams.add(ctx.channel());
                    ctx.channel().closeFuture().addListener(f -> sseStreams.remove(ctx.channel()));
                } else if (path.equals("/download")) {
                    downloadLeft = Long.parseLong(new QueryStringDecoder(head.uri()).parameters().get("size").get(0));
                    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    HttpUtil.setContentLength(response, downloadLeft);
                    ctx.write(response);
                    pump(ctx);
                } else if (path.equals("/reject")) {
                    // Answers before reading the body, then hangs up (a dev server refusing an upload).
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            Unpooled.copiedBuffer(name + " says too large", StandardCharsets.UTF_8));
                    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                    request = null;
                } else if (path.equals("/nolength")) {
                    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
                    ctx.write(response);
                    ctx.writeAndFlush(Unpooled.copiedBuffer(name + " until close", StandardCharsets.UTF_8));
                    ctx.channel().eventLoop().schedule(() -> { ctx.close(); }, 50,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            }
            if (msg instanceof HttpContent content) {
                if (upgraded) {
                    content.release();
                    return;
                }
                int n = content.content().readableBytes();
                bodyBytes += n;
                if (request != null && new QueryStringDecoder(request.uri()).path().equals("/upload") && n > 0) {
                    firstUploadChunk.complete(uploaded.get());
                    uploaded.addAndGet(n);
                }
                boolean last = content instanceof LastHttpContent;
                content.release();
                if (last && request != null) {
                    answer(ctx);
                }
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            String path = new QueryStringDecoder(request.uri()).path();
            if (path.equals("/slow") || path.equals("/sse") || path.equals("/download") || path.equals("/nolength")) {
                return;
            }
            StringBuilder body = new StringBuilder(name).append(' ').append(request.method()).append(' ')
                    .append(request.uri()).append('\n');
            request.headers().forEach(h -> body.append(h.getKey().toLowerCase(Locale.ROOT)).append(": ")
                    .append(h.getValue()).append('\n'));
            body.append("body-bytes: ").append(bodyBytes).append('\n');
            ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                    .set("x-upstream", name)
                    .add(HttpHeaderNames.SET_COOKIE, "app=1; Path=/");
            boolean close = path.equals("/close") || !HttpUtil.isKeepAlive(request);
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }

        private void pump(ChannelHandlerContext ctx) {
            while (downloadLeft > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(64 * 1024, downloadLeft);
                ByteBuf chunk = ctx.alloc().buffer(n);
                chunk.writerIndex(n);
                downloadLeft -= n;
                ctx.write(new DefaultHttpContent(chunk));
            }
            if (downloadLeft == 0) {
                downloadLeft = -1;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            } else {
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && downloadLeft > 0) {
                pump(ctx);
            }
            if (ctx.channel().isWritable() && flooding) {
                flood(ctx);
            }
        }

        private void flood(ChannelHandlerContext ctx) {
            while (ctx.channel().isWritable() && floodSent.get() < FLOOD_TOTAL) {
                ByteBuf payload = ctx.alloc().buffer(FLOOD_FRAME);
                payload.writerIndex(FLOOD_FRAME);
                floodSent.addAndGet(FLOOD_FRAME);
                ctx.write(new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(payload));
            }
            ctx.flush();
            flooding = floodSent.get() < FLOOD_TOTAL;
        }

        private void upgrade(ChannelHandlerContext ctx, HttpRequest head) {
            DefaultFullHttpRequest full = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                    Unpooled.EMPTY_BUFFER, head.headers(), io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    "ws://" + head.headers().get(HttpHeaderNames.HOST) + head.uri(), null, true).newHandshaker(full);
            handshaker.handshake(ctx.channel(), full).addListener(f -> {
                if (f.isSuccess()) {
                    webSockets.incrementAndGet();
                    ctx.channel().closeFuture().addListener(c -> webSockets.decrementAndGet());
                    // Say who we are first, like an HMR server's hello.
                    ctx.writeAndFlush(new TextWebSocketFrame("hello from " + name));
                }
            });
        }

        private void webSocketFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
            try {
                if (frame instanceof TextWebSocketFrame text && text.text().equals("flood")) {
                    flooding = true;
                    flood(ctx);
                } else if (frame instanceof TextWebSocketFrame text) {
                    ctx.writeAndFlush(new TextWebSocketFrame(name + ":" + text.text()));
                } else if (frame instanceof PingWebSocketFrame ping) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                } else if (frame instanceof CloseWebSocketFrame) {
                    ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
