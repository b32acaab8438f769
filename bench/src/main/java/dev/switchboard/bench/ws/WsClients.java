package dev.switchboard.bench.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Many WebSocket lines from one process on a few event loops: opened at a chosen rate, each one speaking a
 * {@link WireProtocol}, and every stamped frame they receive counted into a {@link Latency}.
 */
public final class WsClients implements AutoCloseable {

    /** Handshakes in flight at once, so a fast connect rate does not overflow the server's accept backlog. */
    private static final int IN_FLIGHT = 256;

    private final EventLoopGroup group;
    private final Latency latency;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicLong lastReadyNanos = new AtomicLong();
    private volatile String firstError;
    private volatile boolean closing;

    public WsClients(int threads, Latency latency) {
        this.group = Net.group(threads, "bench-ws");
        this.latency = latency;
    }

    /** What opening the lines achieved. */
    public record Opened(int requested, int ready, int failed, double seconds, String firstError) {
        public double perSecond() {
            return seconds <= 0 ? 0 : ready / seconds;
        }
    }

    /**
     * Opens {@code count} lines to {@code uris.apply(i)} at most {@code perSecond} a second (0: as fast as
     * handshakes complete) and waits until each is ready or failed, or {@code timeout} passes.
     */
    public Opened open(int count, IntFunction<URI> uris, WireProtocol protocol, double perSecond, Duration timeout)
            throws InterruptedException {
        // addresses (for Switchboard: a freshly minted token each) are made before the clock starts, so the
        // handshake rate is the server's, not the token minter's
        URI[] addresses = new URI[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = uris.apply(i);
        }
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int readyBefore = ready.get();
        int failedBefore = failed.get();
        for (int i = 0; i < count; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            connect(addresses[i], protocol, inFlight);
        }
        while (ready.get() - readyBefore + failed.get() - failedBefore < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int opened = ready.get() - readyBefore;
        double seconds = (Math.max(lastReadyNanos.get(), start) - start) / 1e9;
        return new Opened(count, opened, failed.get() - failedBefore, seconds, firstError);
    }

    private void connect(URI uri, WireProtocol protocol, Semaphore inFlight) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(30_000)
                .absoluteUpgradeUrl(false)
                .build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(Net.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 32 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), new Line(protocol, inFlight));
                    }
                });
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        bootstrap.connect(uri.getHost(), port).addListener(future -> {
            if (!future.isSuccess()) {
                fail(future.cause(), inFlight);
            }
        });
    }

    private void fail(Throwable cause, Semaphore inFlight) {
        if (firstError == null) {
            firstError = String.valueOf(cause);
        }
        failed.incrementAndGet();
        inFlight.release();
    }

    /** Lines ready to receive now. */
    public int ready() {
        return ready.get() - lost.get();
    }

    /** Lines that were ready and then closed while the run went on. */
    public int lost() {
        return lost.get();
    }

    public int failed() {
        return failed.get();
    }

    public String firstError() {
        return firstError;
    }

    @Override
    public void close() {
        closing = true;
        synchronized (channels) {
            for (Channel channel : channels) {
                channel.close();
            }
            channels.clear();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Line extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final WireProtocol protocol;
        private final Semaphore inFlight;
        private boolean isReady;
        private boolean settled;

        Line(WireProtocol protocol, Semaphore inFlight) {
            this.protocol = protocol;
            this.inFlight = inFlight;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                synchronized (channels) {
                    channels.add(ctx.channel());
                }
                for (String frame : protocol.opened()) {
                    ctx.writeAndFlush(new TextWebSocketFrame(frame));
                }
                if (protocol.readyOnOpen()) {
                    markReady();
                }
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                settle(new IllegalStateException("handshake timed out"));
                ctx.close();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            long arrived = System.nanoTime();
            if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            long stamp = Stamp.find(frame.content());
            if (stamp >= 0) {
                latency.delivered(stamp, arrived);
                return;
            }
            String text = frame.content().toString(StandardCharsets.UTF_8);
            String answer = protocol.reply(text);
            if (answer != null) {
                ctx.writeAndFlush(new TextWebSocketFrame(answer));
            }
            if (!isReady && protocol.readyOn(text)) {
                markReady();
            } else if (isReady && answer == null) {
                latency.unstamped();
            }
        }

        private void markReady() {
            isReady = true;
            ready.incrementAndGet();
            lastReadyNanos.accumulateAndGet(System.nanoTime(), Math::max);
            if (!settled) {
                settled = true;
                inFlight.release();
            }
        }

        private void settle(Throwable cause) {
            if (!settled) {
                settled = true;
                fail(cause, inFlight);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (isReady && !closing) {
                lost.incrementAndGet();
            }
            settle(new IllegalStateException("closed before it was ready"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            settle(cause);
            ctx.close();
        }
    }
}
