package dev.switchboard.bench.ws;

import org.HdrHistogram.Histogram;

/**
 * What one broadcast run measured. {@link #failure()} names why the run does not count (lines refused or
 * lost, messages missing beyond those the server reports it dropped, publishes refused); null when it does.
 */
public record BroadcastResult(String server, int lines, double connectsPerSecond, long published, long refused,
                              long expected, long delivered, long reportedDropped, long unstamped, int linesLost,
                              double deliveredPerSecond, Histogram latencyMicros, double serverCpuMicrosPerDelivery,
                              long serverRssBytes, String failure) {

    public long percentile(double p) {
        return latencyMicros.getTotalCount() == 0 ? -1 : latencyMicros.getValueAtPercentile(p);
    }

    public long max() {
        return latencyMicros.getTotalCount() == 0 ? -1 : latencyMicros.getMaxValue();
    }

    public boolean passed() {
        return failure == null;
    }

    /**
     * Why a run with these counts fails, or null: every line must stay open and every accepted publish
     * must reach every line, except the deliveries the server itself reports as dropped.
     */
    public static String judge(int linesWanted, int lines, int linesLost, long published, long refused,
                               long expected, long delivered, long reportedDropped) {
        if (lines < linesWanted) {
            return (linesWanted - lines) + " of " + linesWanted + " lines did not open";
        }
        if (linesLost > 0) {
            return linesLost + " lines were closed during the run";
        }
        if (published == 0) {
            return "no publish was accepted";
        }
        if (refused > 0) {
            return refused + " publishes were refused";
        }
        if (delivered < expected - reportedDropped) {
            return "delivered " + delivered + " of " + expected + " messages (" + reportedDropped
                    + " reported dropped): " + (expected - reportedDropped - delivered)
                    + " lost or still queued 30 s after the last publish";
        }
        return null;
    }
}
