package dev.switchboard.client.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The wire side of one control connection: encodes requests into complete frames (a JSON-RPC line, or a
 * binary frame) and decodes the daemon's answers from a read buffer. Knows nothing of sockets, pools or
 * futures. One instance per connection: it keeps the connection's id counter and partial-line state.
 */
abstract class ControlCodec {

    /** Shared, thread-safe once configured. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** "The daemon did not say which call this is about." */
    static final long NO_ID = -1;

    /** Largest answer (binary payload or JSON line) the client reads before calling the connection broken. */
    static final int MAX_INCOMING = 16 * 1024 * 1024;

    protected final int maxPayload;
    protected final int maxIncoming;

    ControlCodec(int maxPayload) {
        this.maxPayload = maxPayload;
        this.maxIncoming = Math.max(MAX_INCOMING, maxPayload);
    }

    static ControlCodec of(ControlMode mode, int maxPayload) {
        return mode == ControlMode.BINARY ? new BinaryCodec(maxPayload) : new JsonRpcCodec(maxPayload);
    }

    abstract ControlMode mode();

    /** The next request id; thread-safe. Never {@link #NO_ID}, never 0. */
    abstract long nextId();

    /**
     * One complete request, ready for the socket.
     *
     * @param raw raw bytes to append (binary protocol only; {@code null} for a JSON payload)
     * @throws ControlException when the params cannot be written as JSON or the request is over the limit
     */
    abstract byte[] encodeRequest(long id, String method, Object params, byte[] raw);

    /**
     * Decodes every complete answer in {@code in} (a heap buffer in read mode), leaving a trailing partial
     * one in place.
     *
     * @throws ProtocolViolationException when the bytes cannot be what the daemon is allowed to send
     */
    abstract void decode(ByteBuffer in, ReplySink sink) throws ProtocolViolationException;

    /** Writes params as JSON; {@code null} is sent as {@code {}} (every method takes an object). */
    static void writeParams(JsonGenerator gen, Object params) throws IOException {
        if (params == null) {
            gen.writeStartObject();
            gen.writeEndObject();
        } else if (params instanceof JsonNode node) {
            JSON.writeTree(gen, node);
        } else {
            JSON.writeValue(gen, params);
        }
    }

    /** Jackson's message without its source excerpt, which would echo a whole line. */
    static String describe(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage()
                : String.valueOf(e.getMessage());
    }

    static ControlException cannotEncode(String method, Exception e) {
        return new ControlException("cannot write the params of " + method + " as JSON: " + e.getMessage(), e);
    }

    ControlCallException tooLarge(String method, long size) {
        return new ControlCallException(method, ControlWire.PAYLOAD_TOO_LARGE, "the request is " + size
                + " bytes; the limit is " + maxPayload + " (refused by the client, nothing was sent)", null);
    }

    /** Reads an error object {@code {"code":…,"message":…,"data":…}} into the sink. */
    static void deliverError(ReplySink sink, long id, JsonNode error) {
        int code = error.path("code").isInt() ? error.path("code").intValue() : ControlWire.INTERNAL_ERROR;
        JsonNode message = error.get("message");
        String text = message == null || message.isNull() ? "(no message)"
                : message.isTextual() ? message.textValue() : message.toString();
        JsonNode data = error.get("data");
        sink.onError(id, code, text, data == null || data.isNull() ? null : data);
    }
}
