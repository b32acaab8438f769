package dev.switchboard.server.control;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * What both control protocols' request handlers share: replies are flushed once per read (which is what
 * lets a pipelining client reach hundreds of thousands of calls a second), and a client that sends faster
 * than it reads is paused, not buffered without bound.
 */
public abstract class ReplyFlowHandler extends ChannelInboundHandlerAdapter {

    private boolean closing;

    /** True once the connection is being closed after a last reply; later requests are ignored. */
    protected final boolean closing() {
        return closing;
    }

    /** Queues a reply; it goes out with the flush at the end of this read. */
    protected final void reply(ChannelHandlerContext ctx, Object reply) {
        ctx.write(reply, ctx.voidPromise());
        if (!ctx.channel().isWritable()) {
            pauseReading(ctx);
        }
    }

    /** Writes the last reply after those before it, then closes the connection. */
    protected final void closeAfter(ChannelHandlerContext ctx, Object reply) {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    /**
     * Stops reading until the written replies drain. Reading is switched off before the flush, because the flush
     * itself may drain the buffer and fire the writability change that switches it back on.
     */
    private void pauseReading(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        ctx.flush();
        if (ctx.channel().isWritable() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
