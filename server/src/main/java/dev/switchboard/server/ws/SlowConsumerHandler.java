package dev.switchboard.server.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The write timeout: a line whose outbound buffer stays above the high water mark (unwritable) for longer
 * than the timeout is closed as a slow consumer, so one phone that stopped reading never grows the heap.
 */
final class SlowConsumerHandler extends ChannelInboundHandlerAdapter {

    private final WebSocketLine line;
    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;

    SlowConsumerHandler(WebSocketLine line, Duration writeTimeout) {
        this.line = line;
        this.timeoutNanos = writeTimeout.toNanos();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            if (deadline == null) {
                deadline = ctx.executor().schedule(() -> {
                    deadline = null;
                    if (!ctx.channel().isWritable()) {
                        line.closeSlow("unwritable for " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
                    }
                }, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            cancel();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
