package dev.switchboard.bench.ws;

import java.util.Locale;

/** The markdown rows every broadcast report prints, so `bench broadcast` and `bench compare` read alike. */
public final class Tables {

    public static final String BROADCAST_HEADER =
            "| server | lines | connects/s | delivered/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs "
                    + "| server CPU µs/delivery | server RSS MiB | sent | delivered/expected | errors |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    private Tables() {
    }

    public static String broadcastRow(BroadcastResult r) {
        return String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %d | %d | %d | %d | %d | %.2f | %.1f | %d | %d/%d | %s |",
                r.server(), r.lines(), r.connectsPerSecond(), r.deliveredPerSecond(), r.percentile(50),
                r.percentile(90), r.percentile(99), r.percentile(99.9), r.max(), r.serverCpuMicrosPerDelivery(),
                r.serverRssBytes() / 1048576.0, r.published(), r.delivered(), r.expected(),
                r.passed() ? "0" : "FAILED: " + r.failure());
    }
}
