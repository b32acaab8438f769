package dev.switchboard.server.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection: hands what arrives to the exchange bound to it. A pooled
 * connection has none; anything it says while idle is a protocol error, and a close evicts it from the pool.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "upstream";

    private final UpstreamConnector connector;
    private UpstreamListener listener;

    UpstreamHandler(UpstreamConnector connector) {
        this.connector = connector;
    }

    static UpstreamHandler of(Channel channel) {
        return (UpstreamHandler) channel.pipeline().get(NAME);
    }

    void bind(UpstreamListener exchange) {
        this.listener = exchange;
    }

    void unbind() {
        this.listener = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener current = listener;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            current.responseHead(response);
        }
        if (msg instanceof HttpContent content) {
            // The head may have ended the exchange (a tunnel took over); content then has nowhere to go.
            if (listener == current) {
                current.responseContent(content);
            } else {
                content.release();
            }
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.upstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.upstreamWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener current = listener;
        listener = null;
        if (current != null) {
            current.upstreamClosed(null);
        } else {
            connector.evict(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener current = listener;
        listener = null;
        if (current != null) {
            current.upstreamClosed(cause);
        }
        ctx.close();
    }
}
