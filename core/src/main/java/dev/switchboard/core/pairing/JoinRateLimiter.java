package dev.switchboard.core.pairing;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts attempts per key in fixed windows: a key's window opens at its first attempt and allows
 * {@code limit} attempts until it closes ({@code window} later); the next attempt opens a new one. The pairing
 * service uses keys {@code line:<id>} and {@code addr:<host>}.
 *
 * <p>Bounded: an entry whose window has closed carries no information and is swept (lazily, at most once
 * per window, or when the table is full, at most once a second); the table never holds more than
 * {@code maxKeys} entries. When it is full of live windows, a key it does not know is refused rather than
 * let the table grow: under a flood of distinct addresses, joins fail closed until windows close.
 *
 * <p>Thread-safe; each attempt is one atomic map update. Fixed windows allow up to twice the limit across a
 * window boundary; that is the price of one small entry per key.
 */
public final class JoinRateLimiter {

    public static final int DEFAULT_MAX_KEYS = 65_536;
    private static final long FULL_SWEEP_INTERVAL_MILLIS = 1_000;

    /** One key's current window: when it opened and how many attempts it has let through. */
    private record Window(long openedAt, int count) {
    }

    private final int limit;
    private final long windowMillis;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong lastSweep;
    private final AtomicLong lastFullSweep;

    /** {@code perMinute} attempts per key per minute, at most {@link #DEFAULT_MAX_KEYS} keys. */
    public JoinRateLimiter(int perMinute, Clock clock) {
        this(perMinute, Duration.ofMinutes(1), DEFAULT_MAX_KEYS, clock);
    }

    public JoinRateLimiter(int limit, Duration window, int maxKeys, Clock clock) {
        Objects.requireNonNull(window, "window");
        if (limit < 1 || maxKeys < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("limit, maxKeys and window must be positive");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastSweep = new AtomicLong(clock.millis());
        this.lastFullSweep = new AtomicLong(clock.millis() - FULL_SWEEP_INTERVAL_MILLIS);
    }

    /** Counts an attempt for {@code key}; false when the key is over its limit (or unknown and the table is full). */
    public boolean tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = clock.millis();
        sweepIfDue(now);
        if (size.get() >= maxKeys && !windows.containsKey(key)) {
            sweepWhenFull(now);
        }
        boolean[] allowed = {false};
        windows.compute(key, (k, current) -> {
            if (current == null) {
                if (!reserveSlot()) {
                    return null;
                }
                allowed[0] = true;
                return new Window(now, 1);
            }
            if (now - current.openedAt() >= windowMillis) {
                allowed[0] = true;
                return new Window(now, 1);
            }
            if (current.count() < limit) {
                allowed[0] = true;
                return new Window(current.openedAt(), current.count() + 1);
            }
            return current;
        });
        return allowed[0];
    }

    /** Forgets a key, e.g. a line's when it closes. */
    public void forget(String key) {
        if (windows.remove(key) != null) {
            size.decrementAndGet();
        }
    }

    /** Removes every entry whose window has closed, if a window has passed since the last sweep. */
    public void sweepIfDue() {
        sweepIfDue(clock.millis());
    }

    /** Entries held now; never above {@code maxKeys}. */
    public int size() {
        return size.get();
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= windowMillis && lastSweep.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    /** Called inside the map's update for a new key, so it must not touch the map itself. */
    private boolean reserveSlot() {
        if (size.incrementAndGet() <= maxKeys) {
            return true;
        }
        size.decrementAndGet();
        return false;
    }

    /** Full: make room from closed windows, but never more than once a second under a flood. */
    private void sweepWhenFull(long now) {
        long last = lastFullSweep.get();
        if (now - last >= FULL_SWEEP_INTERVAL_MILLIS && lastFullSweep.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    private void sweep(long now) {
        for (Map.Entry<String, Window> entry : windows.entrySet()) {
            Window window = entry.getValue();
            if (now - window.openedAt() >= windowMillis && windows.remove(entry.getKey(), window)) {
                size.decrementAndGet();
            }
        }
    }
}
