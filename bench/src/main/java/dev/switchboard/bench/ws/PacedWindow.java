package dev.switchboard.bench.ws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one pacing loop of the broadcast runs: stamped messages at a fixed rate, a warm-up, then a measured window
 * whose start resets the latency histogram and notes the deliveries and server CPU so far; the server's RSS is
 * sampled every 500 ms throughout. Publishing is paced by due time, not by sleep after send, so a slow publish
 * call does not lower the offered rate.
 *
 * @param warmupEnd       when the measured window began ({@link System#nanoTime()})
 * @param windowEnd       when the last message was handed to the publisher
 * @param deliveredBefore deliveries counted when the window began
 * @param cpuBefore       the server's CPU time when the window began
 * @param peakRss         the highest RSS seen, starting from the value passed in
 */
record PacedWindow(long warmupEnd, long windowEnd, long deliveredBefore, long cpuBefore, long peakRss) {

    private static final long RSS_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    static PacedWindow publish(Publisher publisher, Latency latency, ProcessProbe server, double rate,
                               Duration warmup, Duration window, int size, long peakRssSoFar) {
        long peakRss = peakRssSoFar;
        long start = System.nanoTime();
        long warmupEnd = start + warmup.toNanos();
        long end = warmupEnd + window.toNanos();
        long interval = (long) (1e9 / rate);
        long cpuBefore = 0;
        long deliveredBefore = latency.delivered();
        long nextSample = start;
        boolean measuring = false;
        for (long due = start; due < end; due += interval) {
            if (!measuring && due >= warmupEnd) {
                measuring = true;
                latency.reset();
                cpuBefore = server.cpuNanos();
                deliveredBefore = latency.delivered();
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            publisher.publish(Stamp.message(due, size));
            if (System.nanoTime() >= nextSample) {
                peakRss = Math.max(peakRss, server.residentBytes());
                nextSample += RSS_SAMPLE_NANOS;
            }
        }
        return new PacedWindow(warmupEnd, System.nanoTime(), deliveredBefore, cpuBefore, peakRss);
    }

    /** Deliveries that arrived since the window began. */
    long deliveredIn(Latency latency) {
        return latency.delivered() - deliveredBefore;
    }

    /** Deliveries per second over the measured window. */
    double deliveredPerSecond(Latency latency) {
        double seconds = (windowEnd - Math.min(windowEnd, warmupEnd)) / 1e9;
        return deliveredIn(latency) / Math.max(seconds, 1e-9);
    }
}
