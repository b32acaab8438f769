package dev.switchboard.server.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes whole server-to-client WebSocket frames (unmasked, final) straight into one buffer, so a
 * delivery is one allocation and one write, passing the per-channel frame encoder by. Only for text and
 * binary data frames on lines without extensions (Switchboard negotiates none).
 */
final class FrameEncoder {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private FrameEncoder() {
    }

    /** A text frame: {@code prefix + decimal(number) + infix + body + suffix}, all ASCII/UTF-8 bytes. */
    static ByteBuf text(ByteBufAllocator alloc, byte[] prefix, long number, byte[] infix, byte[] body, byte suffix) {
        int digits = digits(number);
        int length = prefix.length + digits + infix.length + body.length + 1;
        ByteBuf buf = alloc.ioBuffer(headerLength(length) + length);
        writeHeader(buf, OPCODE_TEXT, length);
        buf.writeBytes(prefix);
        writeDecimal(buf, number, digits);
        buf.writeBytes(infix);
        buf.writeBytes(body);
        buf.writeByte(suffix);
        return buf;
    }

    /** A text frame carrying exactly {@code payload} (UTF-8). */
    static ByteBuf text(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, OPCODE_TEXT, payload);
    }

    static ByteBuf binary(ByteBufAllocator alloc, byte[] payload) {
        return frame(alloc, OPCODE_BINARY, payload);
    }

    private static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload) {
        ByteBuf buf = alloc.ioBuffer(headerLength(payload.length) + payload.length);
        writeHeader(buf, opcode, payload.length);
        buf.writeBytes(payload);
        return buf;
    }

    static int headerLength(int payloadLength) {
        if (payloadLength < 126) {
            return 2;
        }
        return payloadLength <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(ByteBuf buf, int opcode, int length) {
        buf.writeByte(FIN | opcode);
        if (length < 126) {
            buf.writeByte(length);
        } else if (length <= 0xFFFF) {
            buf.writeByte(126);
            buf.writeShort(length);
        } else {
            buf.writeByte(127);
            buf.writeLong(length);
        }
    }

    static int digits(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative sequence number " + n);
        }
        // Compared against powers of ten, not divided down: this runs once per delivery.
        long power = 10;
        for (int digits = 1; digits < 19; digits++) {
            if (n < power) {
                return digits;
            }
            power *= 10;
        }
        return 19;
    }

    private static void writeDecimal(ByteBuf buf, long n, int digits) {
        int start = buf.writerIndex();
        buf.writerIndex(start + digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf.setByte(start + i, (int) ('0' + n % 10));
            n /= 10;
        }
    }
}
