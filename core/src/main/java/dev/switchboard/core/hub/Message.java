package dev.switchboard.core.hub;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message on its way to lines. The body is encoded once, when the message is published, and shared by
 * every line it reaches; adapters only add their per-line framing around it.
 */
public final class Message {

    /**
     * How the body goes out: JSON is the {@code data} of a sequenced {@code message} frame; BINARY is a binary
     * frame, byte for byte; FRAME is a complete JSON text frame of its own (pairing relays, notices), sent
     * verbatim and outside the message sequence.
     */
    public enum Kind { JSON, BINARY, FRAME }

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

    /** A complete JSON object sent as its own text frame, e.g. {@code {"type":"pair_data",...}}. */
    public static Message frame(byte[] jsonObjectUtf8) {
        return new Message(Kind.FRAME, jsonObjectUtf8);
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
