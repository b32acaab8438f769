package dev.switchboard.bench.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code wrk -t1 -cN --latency} (Debian package {@code wrk}), pinned to the load generator's core. */
public final class Wrk {

    private Wrk() {
    }

    public static WrkResult run(String url, int connections, Duration duration, String cores)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (cores != null) {
            command.addAll(List.of("taskset", "-c", cores));
        }
        command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--latency", url));
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IOException("wrk did not finish");
        }
        return WrkResult.parse(output);
    }
}
