package dev.switchboard.server.control.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.method.JsonBufferReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
public final class JsonRpcHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(JsonRpcHandler.class);

    private final JsonRpcProcessor processor;
    private final int maxLineLength;
    private final JsonBufferReader reader = new JsonBufferReader();
    private boolean closing;

    public JsonRpcHandler(JsonRpcProcessor processor, int maxLineLength) {
        this.processor = processor;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            if (!closing && !isBlank(line)) {
                JsonRpcReply reply = handle(line);
                if (processor.closeRequested()) {
                    closeAfter(ctx, reply);
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

    /** Writes the last reply (none for a notification) after those before it, then closes. */
    private void closeAfter(ChannelHandlerContext ctx, JsonRpcReply reply) {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(reply != null ? reply : Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void reply(ChannelHandlerContext ctx, JsonRpcReply reply) {
        ctx.write(reply, ctx.voidPromise());
        // A client that sends faster than it reads must not grow our outbound buffer without bound.
        if (!ctx.channel().isWritable()) {
            pauseReading(ctx);
        }
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
