package dev.switchboard.server.control.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Parses JSON straight out of a Netty buffer: in place when the buffer is on the heap, else through a scratch
 * array kept per connection, so a small request costs no stream wrapper and no fresh array. Not thread-safe:
 * one per connection, used on its event loop.
 */
public final class JsonBufferReader {

    /** Larger texts get an array of their own rather than growing the kept one. */
    private static final int SCRATCH_LIMIT = 64 * 1024;
    // Resolved once: ObjectMapper.readTree would look the JsonNode type up again on every call.
    private static final ObjectReader TREES = ControlJson.MAPPER.readerFor(JsonNode.class);

    private byte[] scratch = new byte[256];

    /** @return the JSON value, or a MissingNode for empty input */
    public JsonNode read(ByteBuf buf, int index, int length) throws IOException {
        if (buf.hasArray()) {
            return TREES.readTree(buf.array(), buf.arrayOffset() + index, length);
        }
        byte[] bytes = scratch;
        if (length > bytes.length) {
            bytes = new byte[Math.max(length, Math.min(bytes.length * 2, SCRATCH_LIMIT))];
            if (bytes.length <= SCRATCH_LIMIT) {
                scratch = bytes;
            }
        }
        buf.getBytes(index, bytes, 0, length);
        return TREES.readTree(bytes, 0, length);
    }
}
