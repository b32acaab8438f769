package dev.switchboard.bench.ws;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark message: a JSON object {@code {"t":<nanoTime>,"p":"xxx…"}} padded to a chosen size. The
 * publisher and every subscriber live in the load generator's process, so {@link System#nanoTime()} is one
 * clock on both ends; whatever envelope a server wraps around the object, the stamp is found by its key.
 */
public final class Stamp {

    private static final byte[] KEY = "\"t\":".getBytes(StandardCharsets.US_ASCII);
    /** Size of {@code {"t":,"p":""}} without the digits of the stamp. */
    private static final int FRAME = 13;
    private static final int STAMP_DIGITS = 19;

    private Stamp() {
    }

    /**
     * A message stamped {@code nanos}, padded so that it is {@code size} bytes long when the stamp has its
     * full width (never shorter than the stamp itself needs).
     */
    public static String message(long nanos, int size) {
        String digits = Long.toString(nanos);
        int padding = Math.max(0, size - FRAME - STAMP_DIGITS) + (STAMP_DIGITS - digits.length());
        StringBuilder out = new StringBuilder(FRAME + digits.length() + padding);
        out.append("{\"t\":").append(digits).append(",\"p\":\"");
        for (int i = 0; i < padding; i++) {
            out.append('x');
        }
        return out.append("\"}").toString();
    }

    /** The stamp in {@code text}, or -1 when it holds none. */
    public static long find(CharSequence text) {
        outer:
        for (int i = 0; i + KEY.length <= text.length(); i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (text.charAt(i + k) != KEY[k]) {
                    continue outer;
                }
            }
            return digits(text, i + KEY.length);
        }
        return -1;
    }

    /** The stamp in the readable bytes of {@code buf} (not consumed), or -1 when they hold none. */
    public static long find(ByteBuf buf) {
        int end = buf.writerIndex() - KEY.length;
        outer:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (buf.getByte(i + k) != KEY[k]) {
                    continue outer;
                }
            }
            long value = 0;
            int digits = 0;
            for (int j = i + KEY.length; j < buf.writerIndex(); j++) {
                byte b = buf.getByte(j);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
                digits++;
            }
            return digits == 0 ? -1 : value;
        }
        return -1;
    }

    private static long digits(CharSequence text, int from) {
        long value = 0;
        int digits = 0;
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
