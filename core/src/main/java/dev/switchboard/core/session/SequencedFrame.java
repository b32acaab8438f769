package dev.switchboard.core.session;

import java.nio.charset.StandardCharsets;

/**
 * A numbered frame for the device, kept as its body so that one published message is stored once however many
 * sessions hold it; the door writes the envelope around it straight into the outgoing buffer.
 *
 * <ul>
 *   <li>{@link Kind#MESSAGE}: {@code {"type":"message","seq":N,"data":<body>}} — a published JSON value.
 *   <li>{@link Kind#TYPED}: {@code {"seq":N,<body>}} — an app's typed object, {@code body} being its members
 *       without the outer braces (empty for {@code {}}).
 * </ul>
 */
public record SequencedFrame(Kind kind, byte[] body) {

    public enum Kind { MESSAGE, TYPED }

    public static final byte[] MESSAGE_PREFIX = "{\"type\":\"message\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] MESSAGE_INFIX = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] TYPED_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] TYPED_INFIX = ",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];

    /** Bytes it counts for in a replay buffer: the body; the envelope is a few dozen bytes more on the wire. */
    public int size() {
        return body.length;
    }

    public byte[] prefix() {
        return kind == Kind.MESSAGE ? MESSAGE_PREFIX : TYPED_PREFIX;
    }

    /** What goes between the number and the body. */
    public byte[] infix() {
        return kind == Kind.MESSAGE ? MESSAGE_INFIX : body.length == 0 ? NOTHING : TYPED_INFIX;
    }

    /** The whole frame as one array (tests, and doors that do not write envelopes in place). */
    public byte[] render(long seq) {
        byte[] prefix = prefix();
        byte[] infix = infix();
        byte[] digits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + digits.length + infix.length + body.length + 1];
        int at = 0;
        System.arraycopy(prefix, 0, out, at, prefix.length);
        at += prefix.length;
        System.arraycopy(digits, 0, out, at, digits.length);
        at += digits.length;
        System.arraycopy(infix, 0, out, at, infix.length);
        at += infix.length;
        System.arraycopy(body, 0, out, at, body.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** An app's complete JSON object as a typed frame: its members between the outer braces. */
    public static SequencedFrame typed(byte[] object) {
        int start = 0;
        int end = object.length - 1;
        while (start <= end && isBlank(object[start])) {
            start++;
        }
        while (end >= start && isBlank(object[end])) {
            end--;
        }
        if (start >= end || object[start] != '{' || object[end] != '}') {
            throw new IllegalArgumentException("sendToDevice needs a complete JSON object");
        }
        int from = start + 1;
        int to = end;
        while (from < to && isBlank(object[from])) {
            from++;
        }
        byte[] members = from == to ? NOTHING : java.util.Arrays.copyOfRange(object, from, to);
        return new SequencedFrame(Kind.TYPED, members);
    }

    public static SequencedFrame message(byte[] data) {
        return new SequencedFrame(Kind.MESSAGE, data);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
