package dev.switchboard.core.pairing;

import dev.switchboard.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JoinRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void allowsTheLimitPerWindowThenRefusesUntilTheWindowCloses() {
        JoinRateLimiter limiter = new JoinRateLimiter(10, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("line:a")).as("attempt %d", i + 1).isTrue();
        }
        assertThat(limiter.tryAcquire("line:a")).isFalse();

        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.tryAcquire("line:a")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("line:a")).isTrue();
    }

    @Test
    void aClosedWindowReopensOnTheNextAttemptEvenBeforeAnySweep() {
        JoinRateLimiter limiter = new JoinRateLimiter(2, clock);
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isTrue();
        clock.advance(Duration.ofSeconds(30));
        limiter.sweepIfDue(); // runs now, while k's window (opened at 30 s) is live; the next is due at 120 s
        assertThat(limiter.tryAcquire("k")).isFalse();

        clock.advance(Duration.ofSeconds(30)); // 90 s: k's window has closed
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isTrue();
        assertThat(limiter.tryAcquire("k")).isFalse();
    }

    @Test
    void keysAreCountedSeparately() {
        JoinRateLimiter limiter = new JoinRateLimiter(1, clock);

        assertThat(limiter.tryAcquire("line:a")).isTrue();
        assertThat(limiter.tryAcquire("addr:a")).isTrue();
        assertThat(limiter.tryAcquire("line:b")).isTrue();
        assertThat(limiter.tryAcquire("line:a")).isFalse();
    }

    @Test
    void staleEntriesAreSweptOnceAWindowHasPassed() {
        JoinRateLimiter limiter = new JoinRateLimiter(5, clock);
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("addr:" + i);
        }
        assertThat(limiter.size()).isEqualTo(100);

        clock.advance(Duration.ofSeconds(30));
        limiter.tryAcquire("addr:fresh");
        limiter.sweepIfDue();
        assertThat(limiter.size()).as("nothing stale yet").isEqualTo(101);

        clock.advance(Duration.ofSeconds(30));
        limiter.sweepIfDue();
        assertThat(limiter.size()).as("only the entry whose window is still open").isEqualTo(1);
    }

    @Test
    void aFullTableRefusesUnknownKeysButServesKnownOnesUntilWindowsClose() {
        JoinRateLimiter limiter = new JoinRateLimiter(5, Duration.ofMinutes(1), 3, clock);
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("b")).isTrue();
        assertThat(limiter.tryAcquire("c")).isTrue();

        assertThat(limiter.tryAcquire("d")).as("full of live windows").isFalse();
        assertThat(limiter.tryAcquire("a")).as("a known key is still served").isTrue();
        assertThat(limiter.size()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(30));
        limiter.sweepIfDue(); // the periodic sweep runs now, while a, b and c are still live
        assertThat(limiter.tryAcquire("d")).isFalse();

        clock.advance(Duration.ofSeconds(30)); // a, b, c closed; the next periodic sweep is 30 s away
        assertThat(limiter.tryAcquire("d")).as("a full table sweeps closed windows to make room").isTrue();
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void forgetFreesTheSlot() {
        JoinRateLimiter limiter = new JoinRateLimiter(1, Duration.ofMinutes(1), 1, clock);
        limiter.tryAcquire("line:a");

        limiter.forget("line:a");
        limiter.forget("line:never");

        assertThat(limiter.size()).isZero();
        assertThat(limiter.tryAcquire("line:b")).isTrue();
    }

    @Test
    void concurrentAttemptsNeverExceedTheLimitOrTheCap() throws Exception {
        JoinRateLimiter limiter = new JoinRateLimiter(100, Duration.ofMinutes(1), 50, clock);
        AtomicInteger allowedOnShared = new AtomicInteger();
        AtomicInteger distinctAdmitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 1_000; i++) {
                    if (limiter.tryAcquire("shared")) {
                        allowedOnShared.incrementAndGet();
                    }
                    if (limiter.tryAcquire("k" + thread + "-" + i)) {
                        distinctAdmitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : work) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(allowedOnShared.get()).isEqualTo(100);
        assertThat(distinctAdmitted.get()).as("49 slots besides 'shared'").isEqualTo(49);
        assertThat(limiter.size()).isEqualTo(50);
    }
}
