package dev.switchboard.bench.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Publishes messages by HTTP POST over a few keep-alive connections, one request per connection at a time
 * (no pipelining, which not every server handles); messages wait in a bounded queue while all are busy.
 */
public final class HttpPublisher implements Publisher {

    /** Messages waiting for a free connection before new ones are refused (counted, never silently lost). */
    private static final int BACKLOG = 10_000;

    private final EventLoopGroup group = Net.group(1, "bench-publish");
    private final URI uri;
    private final Map<String, String> headers;
    private final UnaryOperator<String> body;
    private final Queue<Channel> idle = new ArrayDeque<>();
    private final Queue<String> waiting = new ArrayDeque<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private volatile String firstError;

    /**
     * @param body turns a benchmark message into the request body the server expects
     */
    public HttpPublisher(URI uri, Map<String, String> headers, UnaryOperator<String> body, int connections)
            throws InterruptedException {
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        Bootstrap bootstrap = new Bootstrap().group(group).channel(Net.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Answers());
                    }
                });
        for (int i = 0; i < connections; i++) {
            Channel channel = bootstrap.connect(uri.getHost(), uri.getPort()).sync().channel();
            synchronized (this) {
                idle.add(channel);
            }
        }
    }

    /** Sends {@code message} now, or as soon as a connection is free. */
    @Override
    public void publish(String message) {
        submitted.incrementAndGet();
        Channel channel;
        synchronized (this) {
            channel = idle.poll();
            if (channel == null) {
                if (waiting.size() >= BACKLOG) {
                    refused.incrementAndGet();
                } else {
                    waiting.add(message);
                }
                return;
            }
        }
        send(channel, message);
    }

    private void send(Channel channel, String message) {
        byte[] bytes = body.apply(message).getBytes(StandardCharsets.UTF_8);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(bytes));
        request.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + uri.getPort())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        headers.forEach(request.headers()::set);
        HttpUtil.setContentLength(request, bytes.length);
        channel.writeAndFlush(request);
    }

    /** Messages handed to {@link #publish}. */
    @Override
    public long submitted() {
        return submitted.get();
    }

    /** Publishes the server answered with 2xx. */
    @Override
    public long accepted() {
        return accepted.get();
    }

    /** Publishes refused: a non-2xx answer, or no room in the backlog. */
    @Override
    public long refused() {
        return refused.get();
    }

    /** Publishes still waiting for a free connection. */
    public synchronized int waiting() {
        return waiting.size();
    }

    @Override
    public String firstError() {
        return firstError;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            int code = response.status().code();
            if (code / 100 == 2) {
                accepted.incrementAndGet();
            } else {
                refused.incrementAndGet();
                if (firstError == null) {
                    firstError = "HTTP " + code + " " + response.content().toString(StandardCharsets.UTF_8);
                }
            }
            String next;
            synchronized (HttpPublisher.this) {
                next = waiting.poll();
                if (next == null) {
                    idle.add(ctx.channel());
                }
            }
            if (next != null) {
                send(ctx.channel(), next);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (firstError == null) {
                firstError = String.valueOf(cause);
            }
            ctx.close();
        }
    }
}
