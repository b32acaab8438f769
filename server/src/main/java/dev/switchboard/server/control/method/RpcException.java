package dev.switchboard.server.control.method;

import dev.switchboard.client.control.ControlWire;

/**
 * A call that fails in a way the caller should hear about: a JSON-RPC error code (ControlWire's codes) and a
 * sentence saying what was wrong. Both protocols turn it into their error reply. No stack trace is captured:
 * these are answers, not bugs, and they are thrown on the hot path.
 */
public final class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public RpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RpcException parseError(String message) {
        return new RpcException(ControlWire.PARSE_ERROR, message);
    }

    public static RpcException invalidRequest(String message) {
        return new RpcException(ControlWire.INVALID_REQUEST, message);
    }

    public static RpcException methodNotFound(String method) {
        return new RpcException(ControlWire.METHOD_NOT_FOUND,
                "method not found: " + method + " (system.methods lists the methods)");
    }

    public static RpcException invalidParams(String message) {
        return new RpcException(ControlWire.INVALID_PARAMS, message);
    }

    public static RpcException internal(String message) {
        return new RpcException(ControlWire.INTERNAL_ERROR, message);
    }

    public static RpcException unauthorized(String message) {
        return new RpcException(ControlWire.UNAUTHORIZED, message);
    }

    public static RpcException notFound(String message) {
        return new RpcException(ControlWire.NOT_FOUND, message);
    }

    public static RpcException payloadTooLarge(String message) {
        return new RpcException(ControlWire.PAYLOAD_TOO_LARGE, message);
    }

    public static RpcException unavailable(String message) {
        return new RpcException(ControlWire.UNAVAILABLE, message);
    }
}
