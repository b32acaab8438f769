package dev.switchboard.core.hub;

/**
 * Traffic counters of one line. Written only from the line's own executor (a single writer), read from
 * anywhere: volatile is enough and keeps an idle line small.
 */
public final class LineStats {

    private volatile long messagesIn;
    private volatile long bytesIn;
    private volatile long messagesOut;
    private volatile long bytesOut;

    /** Call from the line's executor only. */
    public void recordIn(long bytes) {
        messagesIn = messagesIn + 1;
        bytesIn = bytesIn + bytes;
    }

    /** Call from the line's executor only. */
    public void recordOut(long bytes) {
        messagesOut = messagesOut + 1;
        bytesOut = bytesOut + bytes;
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    public long bytesOut() {
        return bytesOut;
    }
}
