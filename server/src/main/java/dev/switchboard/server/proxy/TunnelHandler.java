package dev.switchboard.server.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of a byte tunnel: what this channel reads is written to its peer as is. A peer that
 * cannot keep up stops this side reading until it drains, so a slow WebSocket client slows its dev server
 * down instead of filling the proxy's memory. A close on either side closes the other after what was read
 * has been written. Both sides run on one event loop (the upstream connection was opened on the client's).
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "tunnel";

    private final Channel peer;

    TunnelHandler(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Bytes the HTTP decoder had already read past the 101 come as content of the (empty) response.
        ByteBuf bytes = msg instanceof ByteBuf buf ? buf : msg instanceof HttpContent content ? content.content() : null;
        if (bytes == null || !bytes.isReadable() || !peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.write(bytes, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            peer.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
        peer.close();
    }
}
