package dev.switchboard.server.control.binary;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.method.ControlJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link BinaryReply} as one frame in one buffer: the header, then the JSON payload serialised in
 * place, then the payload length patched into the header. A payload that cannot be serialised, or that would
 * be over the frame limit the client also enforces, is replaced by an error frame for the same request id.
 */
@ChannelHandler.Sharable
public final class BinaryFrameEncoder extends MessageToByteEncoder<BinaryReply> {

    private static final Logger log = LoggerFactory.getLogger(BinaryFrameEncoder.class);

    private final int maxPayload;

    public BinaryFrameEncoder(int maxPayload) {
        super(BinaryReply.class);
        this.maxPayload = maxPayload;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BinaryReply reply, ByteBuf out) {
        write(reply, out, maxPayload);
    }

    /** Appends the frame to {@code out}. */
    public static void write(BinaryReply reply, ByteBuf out, int maxPayload) {
        int start = out.writerIndex();
        writeHeader(out, reply.kind(), reply.requestId());
        try {
            payload(reply.body(), out);
        } catch (IOException | RuntimeException e) {
            log.error("control result could not be serialised as JSON (request {})", reply.requestId(), e);
            rewrite(out, start, reply.requestId(), ControlWire.INTERNAL_ERROR,
                    "internal error: the result could not be serialised; the daemon log has the details");
            return;
        }
        int length = out.writerIndex() - start - ControlWire.HEADER_LENGTH;
        if (length > maxPayload) {
            rewrite(out, start, reply.requestId(), ControlWire.PAYLOAD_TOO_LARGE, "the result is " + length
                    + " bytes, over the frame limit of " + maxPayload + "; ask for less (e.g. a smaller limit)");
            return;
        }
        out.setInt(start + 12, length);
    }

    private static void rewrite(ByteBuf out, int start, int requestId, int code, String message) {
        out.writerIndex(start);
        writeHeader(out, ControlWire.KIND_ERROR, requestId);
        try {
            payload(new BinaryReply.ErrorBody(code, message), out);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        out.setInt(start + 12, out.writerIndex() - start - ControlWire.HEADER_LENGTH);
    }

    private static void writeHeader(ByteBuf out, int kind, int requestId) {
        out.writeShort(ControlWire.MAGIC);
        out.writeByte(ControlWire.VERSION);
        out.writeByte(kind);
        out.writeInt(requestId);
        out.writeInt(0);
        out.writeInt(0);
    }

    private static void payload(Object body, ByteBuf out) throws IOException {
        try (JsonGenerator gen = ControlJson.MAPPER.getFactory().createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            gen.writeObject(body);
        }
    }
}
