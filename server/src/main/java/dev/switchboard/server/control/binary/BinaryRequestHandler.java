package dev.switchboard.server.control.binary;

import dev.switchboard.server.control.method.ApiKeyGate;
import dev.switchboard.server.control.method.CallDispatcher;
import dev.switchboard.server.control.method.JsonBufferReader;
import dev.switchboard.server.control.method.RpcException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import dev.switchboard.server.control.ReplyFlowHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One binary connection: runs each request frame on the event loop and answers it with a response or error
 * frame carrying the request's id. Requests may be pipelined; replies are flushed once per read.
 */
public final class BinaryRequestHandler extends ReplyFlowHandler {

    private static final Logger log = LoggerFactory.getLogger(BinaryRequestHandler.class);

    private final CallDispatcher dispatcher;
    private final ApiKeyGate gate;
    private final JsonBufferReader reader = new JsonBufferReader();

    /** @param gate the TCP listener's first-call rule, or null on the Unix socket */
    public BinaryRequestHandler(CallDispatcher dispatcher, ApiKeyGate gate) {
        this.dispatcher = dispatcher;
        this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryFrame frame) {
            try {
                if (!closing()) {
                    handle(ctx, frame);
                }
            } finally {
                frame.payload().release();
            }
        } else if (msg instanceof BinaryFrameError error && !closing()) {
            BinaryReply reply = BinaryReply.error(error.requestId(), error.code(), error.message());
            if (error.fatal() || (gate != null && !gate.passed())) {
                closeAfter(ctx, reply);
            } else {
                reply(ctx, reply);
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
                closeAfter(ctx, reply);
            } else {
                reply(ctx, reply);
            }
            return;
        }
        if (gate != null) {
            try {
                Object authenticated = gate.admit(request.method(), request.params());
                if (authenticated != null) {
                    reply(ctx, BinaryReply.response(id, authenticated));
                    return;
                }
            } catch (RpcException refused) {
                closeAfter(ctx, BinaryReply.error(id, refused.code(), refused.getMessage()));
                return;
            }
        }
        BinaryReply reply;
        try {
            reply = BinaryReply.response(id, dispatcher.call(request.method(), request.params(), request.context()));
        } catch (RpcException e) {
            reply = BinaryReply.error(id, e.code(), e.getMessage());
        }
        reply(ctx, reply);
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
