package dev.switchboard.bench.ws;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end delivery latency in microseconds, from the stamp inside each message to its arrival, recorded
 * from every event loop of the load generator at once.
 */
public final class Latency {

    /** One hour in microseconds: anything slower is clamped rather than lost. */
    private static final long HIGHEST = 3_600_000_000L;

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST, 3);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder unstamped = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private volatile boolean recording = true;
    private volatile boolean filtering;
    private volatile long staleBefore;

    /** Counts one delivery stamped {@code sentNanos} that arrived at {@code arrivedNanos}. */
    public void delivered(long sentNanos, long arrivedNanos) {
        if (filtering && sentNanos - staleBefore < 0) {
            stale.increment();
            return;
        }
        delivered.increment();
        if (recording) {
            long micros = Math.max(0, (arrivedNanos - sentNanos) / 1_000);
            histogram.recordValue(Math.min(micros, HIGHEST));
        }
    }

    /** A data frame that carried no stamp (counted so a server that mangles messages shows up). */
    public void unstamped() {
        unstamped.increment();
    }

    /** Forgets latencies recorded so far (after a warm-up) while still counting deliveries. */
    public void reset() {
        histogram.reset();
    }

    /**
     * From now on, deliveries stamped before {@code nanos} are stale (counted apart, neither delivered nor
     * timed): the late tail of an earlier step of a max-rate search must not count toward the next one.
     */
    public void staleBefore(long nanos) {
        staleBefore = nanos;
        filtering = true;
    }

    public long staleCount() {
        return stale.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long unstampedCount() {
        return unstamped.sum();
    }

    /** A copy of the latencies recorded so far. */
    public Histogram snapshot() {
        return histogram.copy();
    }
}
