package dev.switchboard.bench.proxy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed: requests/s, latency percentiles in microseconds, and the
 * requests that did not succeed (non-2xx/3xx answers and socket errors).
 */
public record WrkResult(double requestsPerSecond, long requests, double p50Micros, double p90Micros,
                        double p99Micros, long non2xx, long socketErrors) {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** Parses the text {@code wrk --latency} printed; throws when it holds no requests/s line. */
    public static WrkResult parse(String output) {
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalArgumentException("no Requests/sec in wrk output: " + output);
        }
        Matcher total = TOTAL.matcher(output);
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher socket = SOCKET.matcher(output);
        long socketErrors = 0;
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(socket.group(g));
            }
        }
        return new WrkResult(Double.parseDouble(rate.group(1)), total.find() ? Long.parseLong(total.group(1)) : 0,
                percentile(output, "50%"), percentile(output, "90%"), percentile(output, "99%"),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
    }

    /** A latency-distribution line such as {@code 99%    3.20ms}, in microseconds; NaN when absent. */
    static double percentile(String output, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)\\s*$").matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        switch (m.group(2)) {
            case "us":
                return value;
            case "ms":
                return value * 1_000;
            default:
                return value * 1_000_000;
        }
    }

    /** Why the run does not count, or null: every request must have succeeded. */
    public String failure() {
        if (requests == 0) {
            return "no request completed";
        }
        if (non2xx > 0 || socketErrors > 0) {
            return non2xx + " non-2xx answers and " + socketErrors + " socket errors of " + requests + " requests";
        }
        return null;
    }
}
