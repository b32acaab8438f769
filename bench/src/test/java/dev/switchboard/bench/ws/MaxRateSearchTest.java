package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MaxRateSearchTest {

    private static final long BOUND = 50_000;
    private static final long STEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A fake clock every fake step advances, so budgets are checked without sleeping. */
    private final AtomicLong clock = new AtomicLong(1_000);

    private MaxRateSearch search(double start, Duration budget) {
        return new MaxRateSearch(new MaxRateSearch.Settings(start, 1, 1_000_000, BOUND, 0.05, budget,
                Duration.ofSeconds(1)), clock::get);
    }

    /** A server that keeps up with anything up to {@code capacity} msg/s and falls behind above it. */
    private MaxRateSearch.Measure server(double capacity) {
        return rate -> {
            clock.addAndGet(STEP_NANOS);
            if (rate <= capacity) {
                return new MaxRateSearch.Measurement(rate, rate * 1000, 2_000 + (long) (rate / capacity * 40_000), null);
            }
            return rate < capacity * 1.5
                    ? new MaxRateSearch.Measurement(rate, capacity * 1000, 400_000, null)
                    : new MaxRateSearch.Measurement(rate, capacity * 1000, 2_000_000, "delivered 10 of 20 messages");
        };
    }

    @Test
    void aMonotoneServerConvergesJustBelowItsCapacity() throws Exception {
        MaxRateSearch.Outcome outcome = search(10, Duration.ofMinutes(10)).run(server(730));

        assertThat(outcome.found()).isTrue();
        double best = outcome.best().measurement().rate();
        assertThat(best).isLessThanOrEqualTo(730).isGreaterThan(730 / 1.05 - 1);
        assertThat(outcome.best().passed()).isTrue();
        assertThat(outcome.best().measurement().p99Micros()).isLessThanOrEqualTo(BOUND);
        assertThat(outcome.stopped()).startsWith("converged");
        // doubling from 10: 10..640 pass, 1280 fails, then bisection
        assertThat(outcome.steps().get(0).measurement().rate()).isEqualTo(10);
        assertThat(outcome.steps().get(7).measurement().rate()).isEqualTo(1280);
        assertThat(outcome.steps().get(7).passed()).isFalse();
    }

    @Test
    void aStartRateTooHighIsHalvedUntilOnePasses() throws Exception {
        MaxRateSearch.Outcome outcome = search(1000, Duration.ofMinutes(10)).run(server(90));

        assertThat(outcome.steps().get(0).passed()).isFalse();
        assertThat(outcome.best().measurement().rate()).isLessThanOrEqualTo(90).isGreaterThan(80);
    }

    @Test
    void aServerThatSustainsNothingReportsNoBestAndSaysWhy() throws Exception {
        MaxRateSearch.Outcome outcome = search(8, Duration.ofMinutes(10)).run(rate -> {
            clock.addAndGet(STEP_NANOS);
            return new MaxRateSearch.Measurement(rate, 0, -1, "no publish was accepted");
        });

        assertThat(outcome.found()).isFalse();
        assertThat(outcome.steps()).hasSize(4); // 8, 4, 2, 1
        assertThat(outcome.stopped()).contains("no rate down to");
    }

    @Test
    void neverStartsAStepThatWouldOverrunTheBudget() throws Exception {
        Duration budget = Duration.ofSeconds(32);
        long started = clock.get();
        MaxRateSearch.Outcome outcome = search(10, budget).run(server(100_000));

        assertThat(clock.get() - started).isLessThanOrEqualTo(budget.toNanos());
        assertThat(outcome.steps()).hasSize(6); // 6 × 5 s fit in 32 s, a 7th would not
        assertThat(outcome.stopped()).contains("time budget");
        assertThat(outcome.best().measurement().rate()).isEqualTo(320);
    }

    @Test
    void learnsFromASlowStepThatTheNextWouldNotFit() throws Exception {
        // the estimate says 1 s, but the first step takes 20 s: a second would overrun 30 s
        MaxRateSearch.Outcome outcome = search(10, Duration.ofSeconds(30)).run(rate -> {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(20));
            return new MaxRateSearch.Measurement(rate, rate * 100, 1_000, null);
        });
        assertThat(outcome.steps()).hasSize(1);
    }

    @Test
    void aNoisyServerIsNeverCreditedWithAFailingStep() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            clock.set(0);
            MaxRateSearch.Outcome outcome = search(5, Duration.ofMinutes(2)).run(rate -> {
                clock.addAndGet(STEP_NANOS);
                // capacity wobbles ±30 % from step to step; some steps lose messages at any rate
                double capacity = 500 * (0.7 + 0.6 * random.nextDouble());
                if (random.nextInt(8) == 0) {
                    return new MaxRateSearch.Measurement(rate, rate * 900, 1_000, "delivered 1 of 2 messages");
                }
                long p99 = rate <= capacity ? 10_000 : 90_000;
                return new MaxRateSearch.Measurement(rate, rate * 1000, p99, null);
            });
            assertThat(clock.get()).as("seed %d", seed).isLessThanOrEqualTo(Duration.ofMinutes(2).toNanos());
            if (outcome.found()) {
                MaxRateSearch.Step best = outcome.best();
                assertThat(best.passed()).isTrue();
                assertThat(best.measurement().failure()).isNull();
                assertThat(best.measurement().p99Micros()).isLessThanOrEqualTo(BOUND);
                assertThat(outcome.steps()).contains(best);
                // the best is the highest rate among passing steps
                assertThat(outcome.steps().stream().filter(MaxRateSearch.Step::passed)
                        .mapToDouble(s -> s.measurement().rate()).max().orElseThrow())
                        .isEqualTo(best.measurement().rate());
            }
            assertThat(outcome.steps()).allMatch(s -> s.passed() == (s.measurement().failure() == null
                    && s.measurement().p99Micros() <= BOUND && s.measurement().p99Micros() >= 0));
        }
    }

    @Test
    void aFatalStepStopsTheSearch() throws Exception {
        MaxRateSearch.Outcome outcome = search(10, Duration.ofMinutes(10)).run(rate -> {
            clock.addAndGet(STEP_NANOS);
            return rate < 40 ? new MaxRateSearch.Measurement(rate, rate * 10, 100, null)
                    : new MaxRateSearch.Measurement(rate, 0, -1, MaxRateSearch.Measurement.FATAL + "3 lines closed");
        });
        assertThat(outcome.steps()).hasSize(3);
        assertThat(outcome.best().measurement().rate()).isEqualTo(20);
        assertThat(outcome.stopped()).contains("3 lines closed");
    }

    @Test
    void stopsAtTheLoadGeneratorsCeiling() throws Exception {
        MaxRateSearch search = new MaxRateSearch(new MaxRateSearch.Settings(100, 1, 300, BOUND, 0.05,
                Duration.ofMinutes(10), Duration.ZERO), clock::get);
        MaxRateSearch.Outcome outcome = search.run(server(1_000_000));
        assertThat(outcome.steps()).extracting(s -> s.measurement().rate()).containsExactly(100.0, 200.0, 300.0);
        assertThat(outcome.stopped()).contains("ceiling");
    }

    @Test
    void rejectsSettingsThatCannotSearch() {
        assertThatThrownBy(() -> new MaxRateSearch.Settings(0, 0, 10, BOUND, 0.1, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaxRateSearch.Settings(10, 1, 5, BOUND, 0.1, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaxRateSearch.Settings(10, 1, 50, 0, 0.1, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
