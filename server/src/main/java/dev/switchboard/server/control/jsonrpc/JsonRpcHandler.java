package dev.switchboard.server.control.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.method.JsonBufferReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import dev.switchboard.server.control.ReplyFlowHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC connection: parses each line, runs it through the {@link JsonRpcProcessor} on the event loop,
 * and writes the reply. Replies are flushed once per read, not once per call, which is what lets a pipelining
 * client reach hundreds of thousands of calls per second. A malformed or over-long line is answered and the
 * connection carries on with the next line.
 */
public final class JsonRpcHandler extends ReplyFlowHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonRpcHandler.class);

    private final JsonRpcProcessor processor;
    private final int maxLineLength;
    private final JsonBufferReader reader = new JsonBufferReader();

    public JsonRpcHandler(JsonRpcProcessor processor, int maxLineLength) {
        this.processor = processor;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            if (!closing() && !isBlank(line)) {
                JsonRpcReply reply = handle(line);
                if (processor.closeRequested()) {
                    // A notification has no reply; an empty write still orders the close after earlier replies.
                    closeAfter(ctx, reply != null ? reply : Unpooled.EMPTY_BUFFER);
                } else if (reply != null) {
                    reply(ctx, reply);
                }
            }
        } finally {
            line.release();
        }
    }

    private JsonRpcReply handle(ByteBuf line) {
        JsonNode message;
        try {
            message = reader.read(line, line.readerIndex(), line.readableBytes());
        } catch (JsonProcessingException e) {
            return JsonRpcProcessor.parseError(e.getOriginalMessage());
        } catch (IOException e) {
            return JsonRpcProcessor.parseError(String.valueOf(e.getMessage()));
        }
        return processor.process(message);
    }






    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // The framer has skipped the whole line; answer it and go on with the next one.
            ctx.writeAndFlush(new JsonRpcReply.Failure(null, ControlWire.INVALID_REQUEST,
                    "invalid request: line longer than the limit of " + maxLineLength
                            + " bytes; it was skipped (requests are one JSON text per line)"), ctx.voidPromise());
            return;
        }
        if (cause instanceof IOException) {
            log.debug("control connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("control connection {} failed", ctx.channel(), cause);
        }
        ctx.close();
    }

    private static boolean isBlank(ByteBuf line) {
        for (int i = line.readerIndex(), end = line.writerIndex(); i < end; i++) {
            byte b = line.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
