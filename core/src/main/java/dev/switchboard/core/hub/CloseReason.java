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

    /** A close frame's payload is at most 125 bytes, two of which are the code. */
    public static final int MAX_TEXT_BYTES = 123;

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
        return new CloseReason(code, cutToBytes(newText, MAX_TEXT_BYTES));
    }

    /** The longest prefix of {@code text} whose UTF-8 encoding fits {@code maxBytes}, never splitting a character. */
    static String cutToBytes(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    /** Whether a well-behaved client should reconnect after this close. */
    public boolean shouldReconnect() {
        return code == 1001 || (code >= 4000 && code < 4500);
    }
}
