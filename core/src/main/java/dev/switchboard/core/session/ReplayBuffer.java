package dev.switchboard.core.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames a session has sent, kept for replay after a resume: bounded by count and by bytes, oldest out
 * first. Remembers the highest sequence number it had to evict for room, so a resume can tell whether it
 * still holds everything after the device's last seq. Not thread-safe: {@link UserSession} guards it.
 */
public final class ReplayBuffer {

    /**
     * One sequenced frame: its number and its body, shared with every other session the same message reached
     * ({@link SequencedFrame} says how the door writes it).
     */
    public record Entry(long seq, SequencedFrame frame) {
    }

    private final int maxMessages;
    private final long maxBytes;
    /** Created with the first frame: most idle sessions never hold one, and an empty deque is not free. */
    private ArrayDeque<Entry> entries;
    private long bytes;
    /** Highest seq dropped because of the bounds (not because the device acknowledged it); 0 when none. */
    private long evictedThrough;
    /** Highest seq the device acknowledged; 0 when none. */
    private long ackedThrough;

    public ReplayBuffer(int maxMessages, long maxBytes) {
        if (maxMessages < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("replay bounds must be >= 0");
        }
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Keeps the frame; evicts the oldest ones while over either bound (the new one too, if it alone is over). */
    public void append(long seq, SequencedFrame frame) {
        if (entries == null) {
            entries = new ArrayDeque<>(4);
        }
        entries.addLast(new Entry(seq, frame));
        bytes += frame.size();
        while (!entries.isEmpty() && (entries.size() > maxMessages || bytes > maxBytes)) {
            Entry evicted = entries.removeFirst();
            bytes -= evicted.frame().size();
            evictedThrough = Math.max(evictedThrough, evicted.seq());
        }
        releaseIfEmpty();
    }

    /** The device has processed everything up to {@code seq}: those frames leave early. */
    public void ackThrough(long seq) {
        ackedThrough = Math.max(ackedThrough, seq);
        while (entries != null && !entries.isEmpty() && entries.peekFirst().seq() <= seq) {
            bytes -= entries.removeFirst().frame().size();
        }
        releaseIfEmpty();
    }

    /** Whether every frame after {@code lastSeq} that the device has not acknowledged is still held. */
    public boolean holdsEverythingAfter(long lastSeq) {
        return lastSeq >= evictedThrough;
    }

    /** The held frames with a seq above {@code lastSeq}, oldest first. */
    public List<Entry> after(long lastSeq) {
        List<Entry> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (Entry entry : entries) {
            if (entry.seq() > lastSeq) {
                out.add(entry);
            }
        }
        return out;
    }

    /** A deque never shrinks: drop an empty one, so a session that acks everything holds nothing. */
    private void releaseIfEmpty() {
        if (entries != null && entries.isEmpty()) {
            entries = null;
        }
    }

    public int size() {
        return entries == null ? 0 : entries.size();
    }

    public long bytes() {
        return bytes;
    }

    public long ackedThrough() {
        return ackedThrough;
    }

    public void clear() {
        entries = null;
        bytes = 0;
    }
}
