package dev.switchboard.bench.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The control scenario as one unit: JSON-RPC and binary, one at a time and pipelined, each after its own
 * warm-up; the figures a compare report keeps, a printable row per run, and why the suite fails (any
 * error, or a run that completed no call).
 */
public final class ControlSuite {

    /** The suite's figures (keys as in the compare report), one table row per run, and its failure or null. */
    public record Outcome(Map<String, Double> figures, List<String> rows, String failure) {
    }

    public static final String HEADER = "| protocol | mode | calls/s | p50 µs | p99 µs | server CPU µs/call | errors |\n"
            + "|---|---|---|---|---|---|---|";

    private ControlSuite() {
    }

    /**
     * @param cpuNanos the server's CPU time so far (negative when unknown)
     */
    public static Outcome run(Path socket, LongSupplier cpuNanos, Duration warmup, Duration duration, int window)
            throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        String failure = null;
        for (boolean pipelined : new boolean[] {true, false}) {
            for (ControlLoad.Protocol protocol : ControlLoad.Protocol.values()) {
                ControlLoad load = new ControlLoad(socket, protocol);
                if (!warmup.isZero()) {
                    run(load, pipelined, warmup, window);
                }
                long cpuBefore = cpuNanos.getAsLong();
                ControlLoad.Result r = run(load, pipelined, duration, window);
                long cpuAfter = cpuNanos.getAsLong();
                double cpuPerCall = cpuBefore < 0 || cpuAfter < 0 ? Double.NaN
                        : (cpuAfter - cpuBefore) / 1000.0 / Math.max(1, r.calls());
                String key = key(protocol, pipelined);
                figures.put(key + "CallsPerSecond", r.callsPerSecond());
                if (r.latencyMicros() != null) {
                    figures.put(key + "P99Micros", (double) r.latencyMicros().getValueAtPercentile(99));
                }
                figures.put(key + "CpuMicrosPerCall", cpuPerCall);
                figures.put(key + "Errors", (double) r.errors());
                rows.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s | %.2f | %d |", protocol,
                        pipelined ? "pipelined (" + window + ")" : "one at a time", r.callsPerSecond(),
                        percentile(r, 50), percentile(r, 99), cpuPerCall, r.errors()));
                if (failure == null && (r.errors() > 0 || r.calls() == 0)) {
                    failure = protocol + (pipelined ? " pipelined" : " one at a time") + ": " + r.calls() + " calls, "
                            + r.errors() + " errors";
                }
            }
        }
        return new Outcome(figures, rows, failure);
    }

    private static ControlLoad.Result run(ControlLoad load, boolean pipelined, Duration length, int window)
            throws Exception {
        return pipelined ? load.pipelined(length, window) : load.sequential(length);
    }

    private static String key(ControlLoad.Protocol protocol, boolean pipelined) {
        return (protocol == ControlLoad.Protocol.JSON_RPC ? "jsonRpc" : "binary") + (pipelined ? "Pipelined" : "Sequential");
    }

    private static String percentile(ControlLoad.Result r, double p) {
        return r.latencyMicros() == null ? "-" : String.valueOf(r.latencyMicros().getValueAtPercentile(p));
    }
}
