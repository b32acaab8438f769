package dev.switchboard.core.hub;

/**
 * Why a line was closed, as a WebSocket close code and a short text. Codes 4000-4499 tell the client to
 * reconnect, 4500-4999 tell it not to; every code is listed in {@code docs/protocol.md}.
 */
public record CloseReason(int code, String text) {

    public static final CloseReason NORMAL = new CloseReason(1000, "normal closure");
    public static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");
    public static final CloseReason POLICY_VIOLATION = new CloseReason(1008, "policy violation");
    public static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big");
    public static final CloseReason HEARTBEAT_TIMEOUT = new CloseReason(4000, "heartbeat timeout");
    public static final CloseReason SLOW_CONSUMER = new CloseReason(4001, "slow consumer");
    /** The line's credential ran out; reconnect with a fresh token. */
    public static final CloseReason TOKEN_EXPIRED = new CloseReason(4002, "token expired");
    public static final CloseReason DISCONNECTED = new CloseReason(4500, "disconnected by operator");
    public static final CloseReason REPLACED = new CloseReason(4501, "replaced by a newer connection");

    public CloseReason {
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code must be in 1000..4999, was " + code);
        }
        text = text == null ? "" : text;
    }

    /** The same code with an operator-supplied reason, cut to what fits in a close frame. */
    public CloseReason withText(String newText) {
        if (newText == null || newText.isBlank()) {
            return this;
        }
        // A close frame's reason is limited to 123 bytes; keep well under it even for multi-byte text.
        String cut = newText.length() > 60 ? newText.substring(0, 60) : newText;
        return new CloseReason(code, cut);
    }

    /** Whether a well-behaved client should reconnect after this close. */
    public boolean shouldReconnect() {
        return code == 1001 || (code >= 4000 && code < 4500);
    }
}
