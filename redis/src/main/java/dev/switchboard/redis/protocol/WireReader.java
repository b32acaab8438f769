package dev.switchboard.redis.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the primitive fields of a frame; every malformation is an {@link IllegalArgumentException}. */
final class WireReader {

    private final ByteBuffer buffer;

    WireReader(byte[] bytes) {
        this.buffer = ByteBuffer.wrap(bytes);
    }

    int u8() {
        try {
            return buffer.get() & 0xFF;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    int i32() {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    long i64() {
        try {
            return buffer.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    byte[] bytes() {
        int length = i32();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("field length " + length + " exceeds the " + buffer.remaining()
                    + " bytes left");
        }
        byte[] out = new byte[length];
        buffer.get(out);
        return out;
    }

    String text() {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text field is not UTF-8", e);
        }
    }

    void end() {
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(buffer.remaining() + " unexpected trailing byte(s)");
        }
    }

    private static IllegalArgumentException truncated() {
        return new IllegalArgumentException("frame is truncated");
    }
}
