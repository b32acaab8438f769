package dev.switchboard.server.control.binary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.method.CallContext;
import dev.switchboard.server.control.method.JsonBufferReader;
import dev.switchboard.server.control.method.RpcException;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * A request frame's payload, understood: the method, its params and, for a raw payload, the raw bytes.
 *
 * <p>JSON payload: {@code {"method":…,"params":…}} (no other members, so a misspelt {@code "param"} is an
 * error rather than a call without params). Raw payload (flag bit 0): u16 method length, method (UTF-8), u32
 * params length, params JSON (length 0: none), then the raw bytes.
 */
public record BinaryRequest(String method, JsonNode params, CallContext context) {

    private static final int KNOWN_FLAGS = ControlWire.FLAG_RAW;
    private static final byte[] NO_BYTES = new byte[0];

    /** @throws RpcException when the payload does not say what to call */
    public static BinaryRequest parse(BinaryFrame frame, JsonBufferReader reader) {
        if ((frame.flags() & ~KNOWN_FLAGS) != 0) {
            throw RpcException.invalidRequest(String.format("unknown flags 0x%08X; only bit 0 (raw payload) "
                    + "is defined", frame.flags()));
        }
        return frame.raw() ? raw(frame.payload(), reader) : json(frame.payload(), reader);
    }

    private static BinaryRequest json(ByteBuf payload, JsonBufferReader reader) {
        JsonNode request = readJson(reader, payload, payload.readerIndex(), payload.readableBytes(), "payload");
        if (request == null || !request.isObject()) {
            throw RpcException.invalidRequest("the payload must be a JSON object {\"method\":…,\"params\":…}");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("method") && !name.equals("params")) {
                throw RpcException.invalidRequest("unknown member '" + name + "' in the payload "
                        + "(expected method and params)");
            }
        }
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            throw RpcException.invalidRequest("method must be a string"
                    + (method == null ? " (member missing)" : ""));
        }
        return new BinaryRequest(method.textValue(), request.get("params"), CallContext.BINARY);
    }

    private static BinaryRequest raw(ByteBuf payload, JsonBufferReader reader) {
        int at = payload.readerIndex();
        int end = payload.writerIndex();
        if (end - at < 2) {
            throw rawLayout("the method length (u16) is missing");
        }
        int methodLength = payload.getUnsignedShort(at);
        at += 2;
        if (end - at < methodLength) {
            throw rawLayout("the method length says " + methodLength + " bytes but " + (end - at) + " remain");
        }
        String method = payload.toString(at, methodLength, StandardCharsets.UTF_8);
        at += methodLength;
        if (end - at < 4) {
            throw rawLayout("the params length (u32) is missing");
        }
        long paramsLength = payload.getUnsignedInt(at);
        at += 4;
        if (end - at < paramsLength) {
            throw rawLayout("the params length says " + paramsLength + " bytes but " + (end - at) + " remain");
        }
        JsonNode params = paramsLength == 0 ? null : readJson(reader, payload, at, (int) paramsLength, "params");
        at += (int) paramsLength;
        byte[] raw = end == at ? NO_BYTES : new byte[end - at];
        payload.getBytes(at, raw);
        if (method.isEmpty()) {
            throw RpcException.invalidRequest("method must not be empty");
        }
        return new BinaryRequest(method, params, CallContext.binaryRaw(raw));
    }

    private static JsonNode readJson(JsonBufferReader reader, ByteBuf buf, int index, int length, String what) {
        try {
            return reader.read(buf, index, length);
        } catch (JsonProcessingException e) {
            throw RpcException.parseError("parse error in the " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RpcException.parseError("parse error in the " + what + ": " + e.getMessage());
        }
    }

    private static RpcException rawLayout(String problem) {
        return RpcException.invalidRequest("raw payload layout: " + problem
                + " (u16 method length, method, u32 params length, params JSON, raw bytes)");
    }
}
