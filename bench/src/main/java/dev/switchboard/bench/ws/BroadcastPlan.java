package dev.switchboard.bench.ws;

import java.time.Duration;

/**
 * A broadcast run: {@code connections} subscribers of one channel opened at {@code connectRate} a second
 * (0: as fast as they complete), then one publisher sending {@code rate} messages a second of {@code size}
 * bytes, first for {@code warmup} (latencies not kept), then for {@code duration}.
 */
public record BroadcastPlan(int connections, double connectRate, double rate, int size, Duration warmup,
                            Duration duration, int threads) {

    public BroadcastPlan {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        if (size < 1 || size > 1 << 20) {
            throw new IllegalArgumentException("size must be 1 byte to 1 MiB, got " + size);
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive and warmup not negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** Messages every subscriber should receive in the whole run, warm-up included. */
    public long messages() {
        return (long) Math.floor(rate * (warmup.toNanos() + duration.toNanos()) / 1e9);
    }
}
