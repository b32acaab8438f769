package dev.switchboard.server.ws;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Line and session ids: a random per-process prefix and a counter, so ids are short, never reused in a
 * process, and do not collide between nodes or restarts.
 */
public final class LineIds {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public LineIds() {
        SecureRandom random = new SecureRandom();
        char[] chars = new char[6];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        this.prefix = new String(chars);
    }

    public String nextLineId() {
        return "c-" + prefix + "-" + Long.toString(counter.incrementAndGet(), 36);
    }

    public String sessionIdFor(String lineId) {
        return "s" + lineId.substring(1);
    }

    public String nodePrefix() {
        return prefix;
    }
}
