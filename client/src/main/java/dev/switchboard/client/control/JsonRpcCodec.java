package dev.switchboard.client.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over newline-delimited JSON: requests are {@code {"jsonrpc":"2.0","id":N,"method":…,
 * "params":…}} followed by {@code \n}; ids are increasing longs starting at 1. Jackson escapes control
 * characters inside strings, so an encoded request never contains a newline of its own.
 */
final class JsonRpcCodec extends ControlCodec {

    private final AtomicLong ids = new AtomicLong();
    /** Bytes after the buffer's position already scanned for a newline (reader thread only). */
    private int scanned;

    JsonRpcCodec(int maxPayload) {
        super(maxPayload);
    }

    @Override
    ControlMode mode() {
        return ControlMode.JSON_RPC;
    }

    @Override
    long nextId() {
        return ids.incrementAndGet();
    }

    @Override
    byte[] encodeRequest(long id, String method, Object params, byte[] raw) {
        if (raw != null) {
            throw new IllegalArgumentException("raw payloads need the binary protocol; JSON-RPC carries bytes as base64");
        }
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("jsonrpc", "2.0");
            gen.writeNumberField("id", id);
            gen.writeStringField("method", method);
            gen.writeFieldName("params");
            writeParams(gen, params);
            gen.writeEndObject();
        } catch (IOException | RuntimeException e) {
            throw cannotEncode(method, e);
        }
        out.write('\n');
        if (out.size() - 1 > maxPayload) {
            throw tooLarge(method, out.size() - 1);
        }
        return out.toByteArray();
    }

    @Override
    void decode(ByteBuffer in, ReplySink sink) throws ProtocolViolationException {
        byte[] array = in.array();
        int base = in.arrayOffset();
        while (true) {
            int start = in.position();
            int limit = in.limit();
            int newline = -1;
            for (int i = start + scanned; i < limit; i++) {
                if (array[base + i] == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline < 0) {
                scanned = limit - start;
                if (scanned > maxIncoming) {
                    throw new ProtocolViolationException("the daemon sent a line longer than " + maxIncoming + " bytes");
                }
                return;
            }
            scanned = 0;
            in.position(newline + 1);
            int end = newline;
            if (end > start && array[base + end - 1] == '\r') {
                end--;
            }
            if (!blank(array, base + start, base + end)) {
                decodeLine(array, base + start, end - start, sink);
            }
        }
    }

    private static boolean blank(byte[] array, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = array[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void decodeLine(byte[] array, int offset, int length, ReplySink sink)
            throws ProtocolViolationException {
        JsonNode node;
        try {
            node = JSON.readTree(array, offset, length);
        } catch (IOException e) {
            throw new ProtocolViolationException("the daemon sent a line that is not JSON: " + ControlCodec.describe(e), e);
        }
        if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                decodeMessage(element, sink);
            }
        } else {
            decodeMessage(node, sink);
        }
    }

    private static void decodeMessage(JsonNode message, ReplySink sink) throws ProtocolViolationException {
        if (message == null || !message.isObject()) {
            throw new ProtocolViolationException("the daemon sent " + message + " where a JSON-RPC response belongs");
        }
        JsonNode idNode = message.get("id");
        long id;
        if (idNode == null || idNode.isNull()) {
            id = NO_ID;
        } else if (idNode.canConvertToLong() && idNode.isIntegralNumber()) {
            id = idNode.longValue();
        } else {
            id = NO_ID; // not one of ours: ours are all integers
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            deliverError(sink, id, error);
        } else if (message.has("result")) {
            if (id != NO_ID) {
                sink.onResult(id, message.get("result"));
            }
        } else if (message.has("method")) {
            sink.onEvent(message);
        } else if (id != NO_ID) {
            sink.onResult(id, NullNode.getInstance());
        }
    }
}
