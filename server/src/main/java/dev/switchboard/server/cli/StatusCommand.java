package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: the running daemon's health in a few lines (or as JSON). Exit 0 ok, 3 degraded. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the running daemon's health: version, uptime, lines, event-loop latency, memory.",
                "Exit status 0 when ok, 3 when degraded, 1 when no daemon answers."})
final class StatusCommand extends DaemonCommand {

    @Option(names = "--json", description = "Print the full health report as JSON.")
    boolean json;

    @Override
    int run(ControlClient client) {
        JsonNode health = client.health();
        if (json) {
            print(health);
        } else {
            System.out.printf("switchboard %s  node %s  pid %s  up %ss%n", health.path("version").asText(),
                    health.path("node").asText(), health.path("pid").asText(), health.path("uptimeSeconds").asText());
            System.out.printf("status       %s %s%n", health.path("status").asText(),
                    health.path("problems").isEmpty() ? "" : health.path("problems").toString());
            System.out.printf("gateway      port %s, %s line(s)%n", health.path("gatewayPort").asText(),
                    health.path("openLines").path("gateway").asText());
            System.out.printf("dev proxy    port %s%n", health.path("proxyPort").asText());
            System.out.printf("control      %s, %s connection(s)%n", health.path("controlSocket").asText(),
                    health.path("controlConnections").asText());
            System.out.printf("event loops  %s ms latency%n", health.path("eventLoopLatencyMs").asText());
            System.out.printf("memory       heap %d/%d MiB, rss %d MiB%n", mib(health, "heapUsedBytes"),
                    mib(health, "heapMaxBytes"), mib(health, "rssBytes"));
        }
        return "ok".equals(health.path("status").asText()) ? 0 : 3;
    }

    private static long mib(JsonNode health, String field) {
        return health.path(field).asLong() / (1024 * 1024);
    }
}
