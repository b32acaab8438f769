package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthEndpointsIT {

    @TempDir
    Path home;
    private TestGateway gateway;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void healthReadinessAndMetricsNeedNoKey() throws Exception {
        try (RawWebSocket line = gateway.connect("alice", "phone")) {
            var healthz = gateway.api("GET", "/healthz", null, null);
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(json.readTree(healthz.body()).get("lines").asInt()).isEqualTo(1);

            assertThat(gateway.api("GET", "/readyz", null, null).statusCode()).isEqualTo(200);

            String metrics = gateway.api("GET", "/metrics", null, null).body();
            assertThat(metrics).contains("switchboard_lines_open 1.0", "switchboard_handshakes_accepted_total 1.0",
                    "jvm_memory_used_bytes");
        }
    }

    @Test
    void verboseHealthAndTheHealthFileCarryTheFullReport() throws Exception {
        JsonNode verbose = json.readTree(gateway.api("GET", "/healthz?verbose", null, null).body());
        assertThat(verbose.get("status").asText()).isEqualTo("ok");
        assertThat(verbose.get("gatewayPort").asInt()).isEqualTo(gateway.port());
        assertThat(verbose.has("eventLoopLatencyMs")).isTrue();

        JsonNode file = json.readTree(Files.readString(home.resolve("health.json")));
        assertThat(file.get("node").asText()).isEqualTo(verbose.get("node").asText());
    }
}
