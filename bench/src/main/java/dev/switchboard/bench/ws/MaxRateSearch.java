package dev.switchboard.bench.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Finds the highest publish rate a server sustains: a doubling search from a start rate until a step fails,
 * then a bisection between the best passing rate and the lowest failing one, within a time budget. A step
 * passes only when the measurement validated itself (everything delivered but what the server reports
 * dropped) and its p99 is within the bound; only a passing step is ever reported as sustained.
 */
public final class MaxRateSearch {

    /** What one short step at a fixed rate measured. {@code failure} is null when it validated itself. */
    public record Measurement(double rate, double deliveredPerSecond, long p99Micros, String failure) {

        /** A measurement after which no further step can be trusted (e.g. subscribers lost): the search stops. */
        public static final String FATAL = "fatal: ";
    }

    /** Measures one step at {@code rate} messages/s. */
    @FunctionalInterface
    public interface Measure {
        Measurement at(double rate) throws Exception;
    }

    /** One step as the search judged it. */
    public record Step(Measurement measurement, boolean passed, String why) {
    }

    /**
     * The search's result: {@code best} is the highest passing step (null when none passed), {@code steps}
     * every step in order, {@code stopped} why the search ended.
     */
    public record Outcome(Step best, List<Step> steps, String stopped) {
        public boolean found() {
            return best != null;
        }
    }

    /**
     * @param startRate   first rate tried
     * @param minRate     below this the search gives up (nothing sustained)
     * @param maxRate     the doubling stops here (the load generator's own ceiling)
     * @param p99BoundMicros a step whose p99 is above this fails
     * @param precision   bisection ends when the failing rate is within this fraction of the passing one
     * @param budget      the whole search, steps included; a step that would not fit is not started
     * @param stepEstimate what one step is assumed to cost before any has been timed
     */
    public record Settings(double startRate, double minRate, double maxRate, long p99BoundMicros, double precision,
                           Duration budget, Duration stepEstimate) {
        public Settings {
            if (!(minRate > 0) || startRate < minRate || maxRate < startRate) {
                throw new IllegalArgumentException("rates must satisfy 0 < min <= start <= max, got " + minRate
                        + ", " + startRate + ", " + maxRate);
            }
            if (p99BoundMicros < 1) {
                throw new IllegalArgumentException("p99 bound must be positive, got " + p99BoundMicros + " µs");
            }
            if (!(precision > 0)) {
                throw new IllegalArgumentException("precision must be positive, got " + precision);
            }
            if (budget.isNegative() || budget.isZero() || stepEstimate.isNegative()) {
                throw new IllegalArgumentException("budget must be positive and the step estimate not negative");
            }
        }
    }

    private final Settings settings;
    private final LongSupplier nanoClock;

    public MaxRateSearch(Settings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    public MaxRateSearch(Settings settings) {
        this(settings, System::nanoTime);
    }

    public Outcome run(Measure measure) throws Exception {
        List<Step> steps = new ArrayList<>();
        long start = nanoClock.getAsLong();
        long deadline = start + settings.budget().toNanos();
        long longestStep = settings.stepEstimate().toNanos();
        Step best = null;
        List<Double> failures = new ArrayList<>();
        double rate = settings.startRate();
        String stopped;
        while (true) {
            long now = nanoClock.getAsLong();
            if (now + longestStep > deadline) {
                stopped = "time budget of " + settings.budget().toSeconds() + " s reached";
                break;
            }
            Measurement m = measure.at(rate);
            long took = nanoClock.getAsLong() - now;
            longestStep = Math.max(longestStep, took);
            Step step = judge(m);
            steps.add(step);
            if (m.failure() != null && m.failure().startsWith(Measurement.FATAL)) {
                stopped = "stopped: " + m.failure();
                break;
            }
            if (step.passed() && (best == null || rate > best.measurement().rate())) {
                best = step;
            } else if (!step.passed()) {
                failures.add(rate);
            }
            // a noisy server may fail below a rate it passed: bound the search by the lowest failure above the best
            double failedAt = Double.NaN;
            for (double f : failures) {
                if ((best == null || f > best.measurement().rate()) && (Double.isNaN(failedAt) || f < failedAt)) {
                    failedAt = f;
                }
            }
            double next;
            if (Double.isNaN(failedAt)) {
                if (best.measurement().rate() >= settings.maxRate()) {
                    stopped = "load generator ceiling of " + settings.maxRate() + " msg/s reached";
                    break;
                }
                next = Math.min(settings.maxRate(), best.measurement().rate() * 2);
            } else if (best == null) {
                next = failedAt / 2;
                if (next < settings.minRate()) {
                    stopped = "no rate down to " + settings.minRate() + " msg/s passed";
                    break;
                }
            } else {
                double lo = best.measurement().rate();
                if (failedAt <= lo * (1 + settings.precision())) {
                    stopped = "converged within " + Math.round(settings.precision() * 100) + " %";
                    break;
                }
                next = (lo + failedAt) / 2;
            }
            rate = next;
        }
        return new Outcome(best, List.copyOf(steps), stopped);
    }

    private Step judge(Measurement m) {
        if (m.failure() != null) {
            return new Step(m, false, m.failure());
        }
        if (m.p99Micros() < 0 || m.deliveredPerSecond() <= 0) {
            return new Step(m, false, "nothing delivered");
        }
        if (m.p99Micros() > settings.p99BoundMicros()) {
            return new Step(m, false, "p99 " + m.p99Micros() + " µs above the bound of " + settings.p99BoundMicros() + " µs");
        }
        return new Step(m, true, null);
    }
}
