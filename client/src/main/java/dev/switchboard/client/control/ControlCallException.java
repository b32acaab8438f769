package dev.switchboard.client.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The daemon answered the call with an error: a JSON-RPC error object, or a binary error frame carrying
 * the same {@code {"code":…,"message":…}} (codes in {@link ControlWire}). The connection is fine. Also thrown,
 * with {@link ControlWire#PAYLOAD_TOO_LARGE}, when the client refuses a request over
 * {@link ControlClientOptions#maxPayload()} before sending it (the daemon would close a binary connection
 * for an over-size frame, failing every other call on it).
 */
public final class ControlCallException extends ControlException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final int code;
    private final String remoteMessage;
    private final transient JsonNode data;

    public ControlCallException(String method, int code, String remoteMessage, JsonNode data) {
        super(method + " failed: " + remoteMessage + " (" + code + ")");
        this.method = method;
        this.code = code;
        this.remoteMessage = remoteMessage;
        this.data = data;
    }

    /** The method that was called. */
    public String method() {
        return method;
    }

    /** The JSON-RPC error code, for example {@link ControlWire#METHOD_NOT_FOUND}. */
    public int code() {
        return code;
    }

    /** The daemon's own message, without the method and code this exception's message adds. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The error's {@code data} member, or {@code null} when the daemon sent none. */
    public JsonNode data() {
        return data;
    }
}
