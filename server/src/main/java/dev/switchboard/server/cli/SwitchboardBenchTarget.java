package dev.switchboard.server.cli;

import dev.switchboard.bench.ws.Target;
import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.server.Credentials;
import dev.switchboard.server.config.SwitchboardConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Switchboard as the load generator drives it: tokens minted with the daemon's secret, its API key, its drop counter. */
final class SwitchboardBenchTarget {

    static final String CHANNEL = "bench";
    private static final Pattern DROPPED = Pattern.compile("(?m)^switchboard_messages_dropped_total\\{[^}]*} ([0-9.eE+]+)$");

    private SwitchboardBenchTarget() {
    }

    static Target of(Path home, int port) {
        SwitchboardConfig config = SwitchboardConfig.DEFAULT.withHome(home);
        TokenMinter minter = new TokenMinter(Credentials.signingSecret(config), Clock.systemUTC());
        return Target.switchboard(port,
                i -> minter.mint("bench-user-" + i, "bench-device-" + i, null, Duration.ofHours(2)),
                Credentials.apiKey(config), CHANNEL);
    }

    /** {@code lines} device lines, each message published to one of them at random. */
    static Target devices(Path home, int port, int lines) {
        SwitchboardConfig config = SwitchboardConfig.DEFAULT.withHome(home);
        TokenMinter minter = new TokenMinter(Credentials.signingSecret(config), Clock.systemUTC());
        return Target.switchboardDevices(port,
                i -> minter.mint("bench-user-" + i, "bench-device-" + i, null, Duration.ofHours(2)),
                Credentials.apiKey(config), lines, i -> "bench-device-" + i);
    }

    /** Messages the daemon reports it dropped (slow consumers, closed lines), from /metrics; 0 when unreadable. */
    static long dropped(int port) {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return parseDropped(metrics.body());
        } catch (Exception e) {
            return 0;
        }
    }

    static long parseDropped(String prometheus) {
        Matcher m = DROPPED.matcher(prometheus);
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }
}
