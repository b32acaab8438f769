package dev.switchboard.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes waiting for other nodes' delivery counts. An entry lives from just before its PUBLISH until its
 * publisher stops waiting, so the map is bounded by the threads publishing at once; an ack that arrives later
 * finds nothing and is dropped.
 */
final class PendingAcks {

    /** One publish's tally. */
    static final class Tally {
        private int acks;
        private int delivered;

        synchronized void add(int count) {
            acks++;
            delivered += count;
            notifyAll();
        }

        /** Waits until {@code expected} nodes answered or the timeout passed; returns what they delivered. */
        synchronized Result await(int expected, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (acks < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return new Result(delivered, acks);
        }
    }

    record Result(int delivered, int acks) {
    }

    private final Map<Long, Tally> byId = new ConcurrentHashMap<>();

    Tally open(long publishId) {
        Tally tally = new Tally();
        byId.put(publishId, tally);
        return tally;
    }

    void close(long publishId) {
        byId.remove(publishId);
    }

    /** Counts an ack; false when nobody waits for it any more. */
    boolean ack(long publishId, int delivered) {
        Tally tally = byId.get(publishId);
        if (tally == null) {
            return false;
        }
        tally.add(delivered);
        return true;
    }

    int size() {
        return byId.size();
    }
}
