package dev.switchboard.server.ws;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.server.metrics.GatewayMeters;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Pings the peer every ping interval and closes the line when nothing at all has been read for the idle
 * timeout. Pings go out whatever else is being written, so a device that only receives still answers
 * with pongs and is never mistaken for a dead one. Serves device lines and app lines ({@code /app-ws}) alike.
 */
public final class HeartbeatHandler extends IdleStateHandler {

    private final BooleanSupplier closing;
    private final Runnable silent;
    private final long pingIntervalNanos;
    private ScheduledFuture<?> pinger;

    /**
     * @param closing true once the line is closing: no more pings, no heartbeat close
     * @param silent  closes the line (and counts it) when nothing was read for {@code idleTimeout}
     */
    public HeartbeatHandler(BooleanSupplier closing, Runnable silent, Duration pingInterval, Duration idleTimeout) {
        super(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.closing = closing;
        this.silent = silent;
        this.pingIntervalNanos = pingInterval.toNanos();
    }

    /** The device line's heartbeat: a silent line is counted and closed with 4000. */
    static HeartbeatHandler forDevice(WebSocketLine line, GatewayMeters meters, Duration pingInterval,
                                      Duration idleTimeout) {
        return new HeartbeatHandler(line::isClosing, () -> {
            meters.heartbeatCloses.increment();
            line.close(CloseReason.HEARTBEAT_TIMEOUT);
        }, pingInterval, idleTimeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        pinger = ctx.executor().scheduleAtFixedRate(() -> ping(ctx), pingIntervalNanos, pingIntervalNanos,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        cancelPings();
        super.handlerRemoved(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelPings();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == io.netty.handler.timeout.IdleState.READER_IDLE && !closing.getAsBoolean()) {
            silent.run();
        }
    }

    private void ping(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && !closing.getAsBoolean()) {
            // From the tail: this handler sits first in the pipeline, before the frame encoder.
            ctx.channel().writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
        }
    }

    private void cancelPings() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }
}
