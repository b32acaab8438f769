package dev.switchboard.redis.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the primitive fields of a frame, big-endian, length-prefixed byte strings. */
final class WireWriter {

    private final ByteArrayOutputStream out;

    WireWriter(int sizeHint) {
        this.out = new ByteArrayOutputStream(sizeHint);
    }

    WireWriter u8(int value) {
        out.write(value);
        return this;
    }

    WireWriter i32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    WireWriter i64(long value) {
        i32((int) (value >>> 32));
        return i32((int) value);
    }

    WireWriter bytes(byte[] value) {
        i32(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    WireWriter text(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
