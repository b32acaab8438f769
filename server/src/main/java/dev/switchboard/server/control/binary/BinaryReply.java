package dev.switchboard.server.control.binary;

import dev.switchboard.client.control.ControlWire;

/**
 * A frame the daemon sends: a response (kind 2) whose payload is the result as JSON, or an error (kind 4)
 * whose payload is {@code {"code":…,"message":…}}.
 */
public record BinaryReply(int kind, int requestId, Object body) {

    /** The JSON payload of an error frame. */
    public record ErrorBody(int code, String message) {
    }

    public static BinaryReply response(int requestId, Object result) {
        return new BinaryReply(ControlWire.KIND_RESPONSE, requestId, result);
    }

    public static BinaryReply error(int requestId, int code, String message) {
        return new BinaryReply(ControlWire.KIND_ERROR, requestId, new ErrorBody(code, message));
    }
}
