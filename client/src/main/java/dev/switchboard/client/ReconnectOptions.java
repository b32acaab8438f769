package dev.switchboard.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResumingDeviceClient} reconnects after an unexpected close: jittered exponential backoff, bounded
 * by a number of attempts and by a time budget (measured from the drop), whichever runs out first.
 *
 * @param connectTimeout  the handshake (and {@code connection_ack}) time of one attempt
 * @param initialBackoff  the wait before the first attempt; doubled each attempt
 * @param maxBackoff      the longest wait between two attempts
 * @param maxAttempts     attempts per drop, at least 1
 * @param maxReconnectTime the time budget of one drop; keep it within the gateway's resume grace
 *                         ({@code sessions.resumeGrace}, 60 s by default) or the session will be gone
 * @param jitter          the fraction of each wait taken off at random, 0..1 (0.5: a wait of d is d/2..d), so a
 *                        fleet of devices dropped together does not come back in lock step
 */
public record ReconnectOptions(Duration connectTimeout, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
                               Duration maxReconnectTime, double jitter) {

    public static final ReconnectOptions DEFAULT = new ReconnectOptions(Duration.ofSeconds(10),
            Duration.ofMillis(250), Duration.ofSeconds(10), 10, Duration.ofSeconds(55), 0.5);

    public ReconnectOptions {
        positive("connectTimeout", connectTimeout);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("maxReconnectTime", maxReconnectTime);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in 0..1, got " + jitter);
        }
    }

    public ReconnectOptions withBackoff(Duration initial, Duration max) {
        return new ReconnectOptions(connectTimeout, initial, max, maxAttempts, maxReconnectTime, jitter);
    }

    public ReconnectOptions withLimits(int attempts, Duration time) {
        return new ReconnectOptions(connectTimeout, initialBackoff, maxBackoff, attempts, time, jitter);
    }

    public ReconnectOptions withConnectTimeout(Duration timeout) {
        return new ReconnectOptions(timeout, initialBackoff, maxBackoff, maxAttempts, maxReconnectTime, jitter);
    }

    /**
     * The wait before attempt {@code attempt} (1-based): {@code initialBackoff * 2^(attempt-1)}, capped at
     * {@code maxBackoff}, less a random part of up to {@code jitter} of it ({@code random} in 0..1).
     */
    public Duration backoff(int attempt, double random) {
        long base = initialBackoff.toNanos();
        long capped = maxBackoff.toNanos();
        long wait = base;
        for (int i = 1; i < attempt && wait < capped; i++) {
            wait = wait > capped / 2 ? capped : wait * 2;
        }
        wait = Math.min(wait, capped);
        return Duration.ofNanos(wait - (long) (wait * jitter * random));
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
