package dev.switchboard.server.control.binary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds and reads binary control frames by hand, independently of the daemon's codec. */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A decoded frame as a client sees it. */
    public record Frame(int magic, int version, int kind, int requestId, int flags, byte[] payload) {
        public JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Frames() {
    }

    public static byte[] header(int magic, int version, int kind, int requestId, int flags, long length) {
        return ByteBuffer.allocate(ControlWire.HEADER_LENGTH).putShort((short) magic).put((byte) version)
                .put((byte) kind).putInt(requestId).putInt(flags).putInt((int) length).array();
    }

    public static byte[] frame(int kind, int requestId, int flags, byte[] payload) {
        return ByteBuffer.allocate(ControlWire.HEADER_LENGTH + payload.length)
                .put(header(ControlWire.MAGIC, ControlWire.VERSION, kind, requestId, flags, payload.length))
                .put(payload).array();
    }

    /** A request with a JSON payload {"method":…,"params":…}; params is JSON text or null. */
    public static byte[] request(int requestId, String method, String params) {
        String payload = "{\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
        return frame(ControlWire.KIND_REQUEST, requestId, 0, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A request with a raw payload: u16 method length, method, u32 params length, params, raw bytes. */
    public static byte[] rawRequest(int requestId, String method, String params, byte[] raw) {
        byte[] m = method.getBytes(StandardCharsets.UTF_8);
        byte[] p = params == null ? new byte[0] : params.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + m.length + 4 + p.length + raw.length);
        payload.putShort((short) m.length).put(m).putInt(p.length).put(p).put(raw);
        return frame(ControlWire.KIND_REQUEST, requestId, ControlWire.FLAG_RAW, payload.array());
    }

    /** Reads one frame from the start of {@code bytes}; returns null when incomplete. */
    public static Frame read(ByteBuffer bytes) {
        if (bytes.remaining() < ControlWire.HEADER_LENGTH) {
            return null;
        }
        int start = bytes.position();
        int length = bytes.getInt(start + 12);
        if (bytes.remaining() < ControlWire.HEADER_LENGTH + length) {
            return null;
        }
        int magic = bytes.getShort() & 0xFFFF;
        int version = bytes.get() & 0xFF;
        int kind = bytes.get() & 0xFF;
        int requestId = bytes.getInt();
        int flags = bytes.getInt();
        bytes.getInt();
        byte[] payload = new byte[length];
        bytes.get(payload);
        return new Frame(magic, version, kind, requestId, flags, payload);
    }
}
