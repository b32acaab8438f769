package dev.switchboard.server.control.jsonrpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Writes each {@link JsonRpcReply} as one line (one buffer per reply) straight from the result objects, with no
 * intermediate String or byte[]. A result that cannot be serialised becomes a -32603 reply in its place, so the
 * caller always gets an answer for its id.
 */
@ChannelHandler.Sharable
public final class JsonRpcReplyEncoder extends MessageToByteEncoder<JsonRpcReply> {

    private static final Logger log = LoggerFactory.getLogger(JsonRpcReplyEncoder.class);

    public JsonRpcReplyEncoder() {
        super(JsonRpcReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, JsonRpcReply reply, ByteBuf out) {
        write(reply, out);
    }

    /** Appends the reply and its newline to {@code out}. */
    public static void write(JsonRpcReply reply, ByteBuf out) {
        if (reply instanceof JsonRpcReply.Batch batch) {
            out.writeByte('[');
            boolean first = true;
            for (JsonRpcReply element : batch.replies()) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                writeOne(element, out);
            }
            out.writeByte(']');
        } else {
            writeOne(reply, out);
        }
        out.writeByte('\n');
    }

    private static void writeOne(JsonRpcReply reply, ByteBuf out) {
        int start = out.writerIndex();
        try {
            generate(reply, out);
        } catch (IOException | RuntimeException e) {
            out.writerIndex(start);
            JsonNode id = reply instanceof JsonRpcReply.Success success ? success.id()
                    : ((JsonRpcReply.Failure) reply).id();
            log.error("control result could not be serialised as JSON (id {})", id, e);
            try {
                generate(new JsonRpcReply.Failure(id, ControlWire.INTERNAL_ERROR,
                        "internal error: the result could not be serialised; the daemon log has the details"), out);
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static void generate(JsonRpcReply reply, ByteBuf out) throws IOException {
        try (JsonGenerator gen = ControlJson.MAPPER.getFactory().createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            gen.writeStartObject();
            gen.writeStringField("jsonrpc", "2.0");
            gen.writeFieldName("id");
            if (reply instanceof JsonRpcReply.Success success) {
                writeId(gen, success.id());
                gen.writeFieldName("result");
                gen.writeObject(success.result());
            } else {
                JsonRpcReply.Failure failure = (JsonRpcReply.Failure) reply;
                writeId(gen, failure.id());
                gen.writeObjectFieldStart("error");
                gen.writeNumberField("code", failure.code());
                gen.writeStringField("message", failure.message());
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
    }

    private static void writeId(JsonGenerator gen, JsonNode id) throws IOException {
        if (id == null) {
            gen.writeNull();
        } else {
            gen.writeTree(id);
        }
    }
}
