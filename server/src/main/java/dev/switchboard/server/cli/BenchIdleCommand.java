package dev.switchboard.server.cli;

import dev.switchboard.bench.idle.IdleLoad;
import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.server.Credentials;
import dev.switchboard.server.config.SwitchboardConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench idle}: what an authenticated idle line costs a gateway started for the purpose — process
 * memory (RSS) and live heap per line, and the handshake rate.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = {"Memory per authenticated idle WebSocket line and handshakes/s, against a freshly started",
                "daemon process with a fixed, pre-touched heap (so RSS growth is what the lines add)."})
final class BenchIdleCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "10000",
            description = "Idle lines to open (default: ${DEFAULT-VALUE}; check ulimit -n).")
    int connections;

    @Option(names = "--heap", defaultValue = "512m", description = "Daemon heap, -Xms and -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Override
    public Integer call() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"))) {
            byte[] secret = Credentials.signingSecret(SwitchboardConfig.DEFAULT.withHome(daemon.home()));
            TokenMinter minter = new TokenMinter(secret, Clock.systemUTC());
            Thread.sleep(1_000);
            long heapBefore = daemon.liveHeapBytes();
            long rssBefore = daemon.residentBytes();
            try (IdleLoad load = new IdleLoad()) {
                long start = System.nanoTime();
                load.open(daemon.port(), connections,
                        i -> minter.mint("bench-user-" + i, "bench-device-" + i, null, Duration.ofHours(1)));
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(1_000);
                int open = openLines(daemon.port());
                long heapAfter = daemon.liveHeapBytes();
                long rssAfter = daemon.residentBytes();
                System.out.printf("daemon pid %d, heap %s pre-touched, %d lines%n", daemon.pid(), heap, connections);
                System.out.println("| lines open | handshakes/s | RSS per line | live heap per line |");
                System.out.println("|---|---|---|---|");
                System.out.printf("| %d | %,.0f | %s | %s |%n", open, connections / seconds,
                        perLine(rssAfter - rssBefore, rssBefore), perLine(heapAfter - heapBefore, heapBefore));
                return open == connections ? 0 : 1;
            }
        }
    }

    private String perLine(long delta, long before) {
        return before < 0 ? "-" : String.format("%.2f KiB", delta / 1024.0 / connections);
    }

    /** The daemon's own count, from /healthz, so a run in which lines were refused cannot pass. */
    private static int openLines(int port) throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Integer.parseInt(health.body().replaceAll(".*\"lines\":(\\d+).*", "$1"));
    }
}
