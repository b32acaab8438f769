package dev.switchboard.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.DefaultEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthReporterTest {

    @TempDir
    Path home;
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    private HealthReporter reporter() {
        return new HealthReporter(Clock.systemUTC(), home.resolve("health.json"), json, loops,
                () -> Map.of("node", "n1"), () -> Map.of("gateway", 3), () -> 2);
    }

    @Test
    void reportIsWrittenAtomicallyAndHoldsEveryField() throws Exception {
        try (HealthReporter reporter = reporter()) {
            reporter.refresh();

            JsonNode file = json.readTree(home.resolve("health.json").toFile());
            assertThat(file.get("status").asText()).isEqualTo("ok");
            assertThat(file.get("node").asText()).isEqualTo("n1");
            assertThat(file.get("openLines").get("gateway").asInt()).isEqualTo(3);
            assertThat(file.get("controlConnections").asInt()).isEqualTo(2);
            assertThat(file.get("heapUsedBytes").asLong()).isPositive();
            assertThat(file.get("heapMaxBytes").asLong()).isGreaterThanOrEqualTo(file.get("heapUsedBytes").asLong());
            assertThat(file.get("rssBytes").asLong()).isPositive();
            assertThat(file.has("eventLoopLatencyMs")).isTrue();
            assertThat(file.has("uptimeSeconds")).isTrue();
            try (Stream<Path> files = Files.list(home)) {
                assertThat(files).as("no temp file left behind").containsExactly(home.resolve("health.json"));
            }
            assertThat(reporter.latest()).containsEntry("status", "ok");
        }
    }

    @Test
    void aBlockedEventLoopMakesTheNodeDegraded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loops.next().execute(() -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (HealthReporter reporter = reporter()) {
            Map<String, Object> report = reporter.gather();
            release.countDown();

            assertThat(report.get("status")).isEqualTo("degraded");
            assertThat((double) report.get("eventLoopLatencyMs")).isGreaterThan(HealthReporter.DEGRADED_LOOP_LATENCY_MS);
            assertThat(report.get("problems").toString()).contains("event-loop latency");
        }
    }
}
