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

/**
 * Pings the peer every ping interval and closes the line when nothing at all has been read for the idle
 * timeout. Pings go out whatever else is being written, so a device that only receives still answers
 * with pongs and is never mistaken for a dead one.
 */
final class HeartbeatHandler extends IdleStateHandler {

    private final WebSocketLine line;
    private final GatewayMeters meters;
    private final long pingIntervalNanos;
    private ScheduledFuture<?> pinger;

    HeartbeatHandler(WebSocketLine line, GatewayMeters meters, Duration pingInterval, Duration idleTimeout) {
        super(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.line = line;
        this.meters = meters;
        this.pingIntervalNanos = pingInterval.toNanos();
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
        if (evt.state() == io.netty.handler.timeout.IdleState.READER_IDLE && !line.isClosing()) {
            meters.heartbeatCloses.increment();
            line.close(CloseReason.HEARTBEAT_TIMEOUT);
        }
    }

    private void ping(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && !line.isClosing()) {
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
