package dev.switchboard.server.control.binary;

import dev.switchboard.server.control.method.ApiKeyGate;
import dev.switchboard.server.control.method.CallDispatcher;
import dev.switchboard.server.control.method.JsonBufferReader;
import dev.switchboard.server.control.method.RpcException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One binary connection: runs each request frame on the event loop and answers it with a response or error
 * frame carrying the request's id. Requests may be pipelined; replies are flushed once per read.
 */
public final class BinaryRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BinaryRequestHandler.class);

    private final CallDispatcher dispatcher;
    private final ApiKeyGate gate;
    private final JsonBufferReader reader = new JsonBufferReader();
    private boolean closing;

    /** @param gate the TCP listener's first-call rule, or null on the Unix socket */
    public BinaryRequestHandler(CallDispatcher dispatcher, ApiKeyGate gate) {
        this.dispatcher = dispatcher;
        this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryFrame frame) {
            try {
                if (!closing) {
                    handle(ctx, frame);
                }
            } finally {
                frame.payload().release();
            }
        } else if (msg instanceof BinaryFrameError error && !closing) {
            BinaryReply reply = BinaryReply.error(error.requestId(), error.code(), error.message());
            if (error.fatal() || (gate != null && !gate.passed())) {
                closeWith(ctx, reply);
            } else {
                write(ctx, reply);
            }
        }
    }

    private void handle(ChannelHandlerContext ctx, BinaryFrame frame) {
        int id = frame.requestId();
        BinaryRequest request;
        try {
            request = BinaryRequest.parse(frame, reader);
        } catch (RpcException e) {
            BinaryReply reply = BinaryReply.error(id, e.code(), e.getMessage());
            if (gate != null && !gate.passed()) {
                closeWith(ctx, reply);
            } else {
                write(ctx, reply);
            }
            return;
        }
        if (gate != null) {
            try {
                Object authenticated = gate.admit(request.method(), request.params());
                if (authenticated != null) {
                    write(ctx, BinaryReply.response(id, authenticated));
                    return;
                }
            } catch (RpcException refused) {
                closeWith(ctx, BinaryReply.error(id, refused.code(), refused.getMessage()));
                return;
            }
        }
        BinaryReply reply;
        try {
            reply = BinaryReply.response(id, dispatcher.call(request.method(), request.params(), request.context()));
        } catch (RpcException e) {
            reply = BinaryReply.error(id, e.code(), e.getMessage());
        }
        write(ctx, reply);
    }

    private void write(ChannelHandlerContext ctx, BinaryReply reply) {
        ctx.write(reply, ctx.voidPromise());
        // A client that sends faster than it reads must not grow our outbound buffer without bound.
        if (!ctx.channel().isWritable()) {
            pauseReading(ctx);
        }
    }

    private void closeWith(ChannelHandlerContext ctx, BinaryReply reply) {
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("control connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("control connection {} failed", ctx.channel(), cause);
        }
        ctx.close();
    }
}
