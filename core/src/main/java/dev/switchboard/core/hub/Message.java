package dev.switchboard.core.hub;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message on its way to lines. The body is encoded once, when the message is published, and shared by
 * every line it reaches; adapters only add their per-line framing around it.
 */
public final class Message {

    /** Whether the body is the JSON text of the {@code data} field or raw stream bytes. */
    public enum Kind { JSON, BINARY }

    private final Kind kind;
    private final byte[] body;

    private Message(Kind kind, byte[] body) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A message whose {@code data} is the given, already serialised, JSON value (UTF-8). */
    public static Message json(byte[] jsonUtf8) {
        return new Message(Kind.JSON, jsonUtf8);
    }

    public static Message json(String json) {
        return json(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A message delivered as a binary frame, byte for byte. */
    public static Message binary(byte[] bytes) {
        return new Message(Kind.BINARY, bytes);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The shared, encoded body. Not copied for speed: callers must treat it as read-only, since every
     * recipient line writes these same bytes.
     */
    public byte[] body() {
        return body;
    }

    public int size() {
        return body.length;
    }

    @Override
    public String toString() {
        return "Message[" + kind + ", " + body.length + " bytes]";
    }
}
