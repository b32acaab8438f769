package dev.switchboard.server.cli;

import dev.switchboard.bench.ws.BroadcastMaxRun;
import dev.switchboard.bench.ws.MaxRateSearch;
import dev.switchboard.server.config.DurationParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The broadcast "max" mode options, shared by {@code bench broadcast} and {@code bench compare}: search for
 * the highest publish rate delivered in full with p99 under a bound, in short steps, within a time budget.
 */
final class BroadcastMaxOptions {

    @Option(names = "--max", description = "Find the highest rate whose p99 stays under --p99-bound and which "
            + "delivers everything (doubling, then bisection), instead of one fixed --rate.")
    boolean max;

    @Option(names = "--p99-bound", defaultValue = "50ms", converter = DurationConverter.class,
            description = "Max mode: a step fails when its p99 is above this (default: ${DEFAULT-VALUE}).")
    Duration p99Bound;

    @Option(names = "--max-budget", defaultValue = "2m", converter = DurationConverter.class,
            description = "Max mode: time for the whole search per server, steps included (default: ${DEFAULT-VALUE}).")
    Duration budget;

    @Option(names = "--step", defaultValue = "3s", converter = DurationConverter.class,
            description = "Max mode: measured time of each step (default: ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--step-warmup", defaultValue = "1s", converter = DurationConverter.class,
            description = "Max mode: publishing before each step's measurement (default: ${DEFAULT-VALUE}).")
    Duration stepWarmup;

    @Option(names = "--max-warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Max mode: publishing at the start rate before the first step, not judged, so a JIT-compiled "
                    + "server does not fail its first step cold (default: ${DEFAULT-VALUE}).")
    Duration serverWarmup;

    @Option(names = "--start-rate", defaultValue = "50",
            description = "Max mode: first rate tried, msg/s (default: ${DEFAULT-VALUE}).")
    double startRate;

    /** The load generator's own ceiling: one publisher thread pacing HTTP requests over four connections. */
    static final double CEILING = 20_000;

    MaxRateSearch search() {
        return new MaxRateSearch(new MaxRateSearch.Settings(startRate, Math.min(1, startRate), Math.max(CEILING, startRate),
                p99Bound.toNanos() / 1_000, 0.1, budget, stepWarmup.plus(step).plusSeconds(1)));
    }

    BroadcastMaxRun.Plan plan(int connections, double connectRate, int size, int threads) {
        return new BroadcastMaxRun.Plan(connections, connectRate, size, stepWarmup, step, threads, serverWarmup, startRate);
    }

    String describe() {
        return "--max --p99-bound " + DurationParser.format(p99Bound) + " --max-budget "
                + DurationParser.format(budget) + " --step " + DurationParser.format(step)
                + " --step-warmup " + DurationParser.format(stepWarmup) + " --max-warmup " + DurationParser.format(serverWarmup) + " --start-rate " + fmt(startRate);
    }

    static final String STEP_HEADER = "| server | step | msg/s | delivered/s | p99 µs | verdict |\n|---|---|---|---|---|---|";

    /** Prints every step of a max run and the sustained rate. */
    static void print(BroadcastMaxRun.Result r) {
        if (r.outcome() != null) {
            System.out.println(STEP_HEADER);
            int i = 1;
            for (MaxRateSearch.Step s : r.outcome().steps()) {
                System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %d | %s |%n", r.server(), i++,
                        s.measurement().rate(), s.measurement().deliveredPerSecond(), s.measurement().p99Micros(),
                        s.passed() ? "pass" : "fail: " + s.why());
            }
            System.out.println("search ended: " + r.outcome().stopped());
        }
        if (r.passed()) {
            MaxRateSearch.Measurement best = r.outcome().best().measurement();
            System.out.printf(Locale.ROOT, "%s: highest sustained rate %,.0f msg/s to %d subscribers = %,.0f deliveries/s, "
                    + "p99 %d µs%n", r.server(), best.rate(), r.lines(), best.deliveredPerSecond(), best.p99Micros());
        } else {
            System.out.println(r.server() + ": FAILED: " + r.failure());
        }
    }

    /** The figures a compare report keeps for a max run. */
    static Map<String, Double> figures(BroadcastMaxRun.Result r) {
        Map<String, Double> f = new LinkedHashMap<>();
        if (r.outcome() != null && r.outcome().found()) {
            MaxRateSearch.Measurement best = r.outcome().best().measurement();
            f.put("maxDeliveredPerSecond", best.deliveredPerSecond());
            f.put("maxRate", best.rate());
            f.put("p99AtMaxMicros", (double) best.p99Micros());
        }
        f.put("steps", r.outcome() == null ? 0.0 : r.outcome().steps().size());
        if (r.outcome() != null) {
            // every step into the JSON, so a report shows how the search went, not only where it ended
            int i = 1;
            for (MaxRateSearch.Step s : r.outcome().steps()) {
                f.put("step" + i + "Rate", s.measurement().rate());
                f.put("step" + i + "DeliveredPerSecond", s.measurement().deliveredPerSecond());
                f.put("step" + i + "P99Micros", (double) s.measurement().p99Micros());
                f.put("step" + i + "Passed", s.passed() ? 1.0 : 0.0);
                i++;
            }
        }
        f.put("lines", (double) r.lines());
        f.put("connectsPerSecond", r.connectsPerSecond());
        f.put("rssMiB", r.serverRssBytes() / 1048576.0);
        return f;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
