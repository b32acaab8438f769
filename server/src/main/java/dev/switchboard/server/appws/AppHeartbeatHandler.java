package dev.switchboard.server.appws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pings the app every ping interval and closes its line (4000) when nothing at all was read for the idle
 * timeout, the same rule as device lines ({@code websocket.pingInterval}, {@code websocket.idleTimeout}).
 */
final class AppHeartbeatHandler extends IdleStateHandler {

    static final int HEARTBEAT_TIMEOUT = 4000;

    private final AppChannelLine line;
    private final long pingIntervalNanos;
    private ScheduledFuture<?> pinger;

    AppHeartbeatHandler(AppChannelLine line, Duration pingInterval, Duration idleTimeout) {
        super(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.line = line;
        this.pingIntervalNanos = pingInterval.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        pinger = ctx.executor().scheduleAtFixedRate(() -> {
            if (ctx.channel().isActive() && !line.isClosing()) {
                ctx.channel().writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
            }
        }, pingIntervalNanos, pingIntervalNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.handlerRemoved(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.READER_IDLE && !line.isClosing()) {
            line.close(HEARTBEAT_TIMEOUT, "heartbeat_timeout: nothing heard from the app");
        }
    }

    private void cancel() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }
}
