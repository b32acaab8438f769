package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.redis.TestRedis;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.ClusterConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL (no shutdown, no release): its device claims expire after the presence TTL and
 * the device can connect to the surviving node. The killed node is the packaged jar in its own process.
 */
class NodeCrashIT {

    private static final Path JAR = Path.of("target", "switchboard.jar");

    @TempDir
    Path home;

    @Test
    void aKilledNodesDevicesAreFreedAfterThePresenceTtl() throws Exception {
        String prefix = TestRedis.freshPrefix();
        try (TestRedis redis = TestRedis.start();
             TestGateway survivor = TestGateway.start(home.resolve("b"), config -> config.withCluster(
                     ClusterConfig.DEFAULT.withRedisUrl(redis.url()).withKeyPrefix(prefix).withNodeId("node-b")
                             .withTimers(Duration.ofSeconds(2), Duration.ofMillis(500))))) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "serve", "--port", "0", "--proxy-port", "0",
                    "--home", home.resolve("a").toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(Map.of(
                    "SWITCHBOARD_CLUSTER_REDIS_URL", redis.url(),
                    "SWITCHBOARD_CLUSTER_KEY_PREFIX", prefix,
                    "SWITCHBOARD_CLUSTER_NODE_ID", "node-a",
                    "SWITCHBOARD_CLUSTER_PRESENCE_TTL", "2s",
                    "SWITCHBOARD_CLUSTER_HEARTBEAT_INTERVAL", "500ms",
                    "SWITCHBOARD_AUTH_JWT_SECRET", TestGateway.SECRET,
                    "SWITCHBOARD_AUTH_API_KEY", TestGateway.API_KEY));
            Process doomed = builder.start();
            try {
                String line = new BufferedReader(new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(line).contains("listening on port ");
                int port = Integer.parseInt(line.replaceAll(".*listening on port (\\d+).*", "$1"));

                RawWebSocket phone = RawWebSocket.open(port, "/ws?token=" + survivor.token("alice", "phone"));
                assertThat(phone.status).isEqualTo(101);
                assertThat(survivor.publish("{\"device\":\"phone\",\"data\":\"via b\"}").body())
                        .isEqualTo("{\"delivered\":1}");
                assertThat(phone.readTextContaining("via b").text()).contains("via b");
                try (RawWebSocket refused = RawWebSocket.open(survivor.port(),
                        "/ws?token=" + survivor.token("alice", "phone"))) {
                    assertThat(refused.status).isEqualTo(409);
                    assertThat(refused.body).contains("\"node\":\"node-a\"");
                }

                doomed.destroyForcibly();
                assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
                phone.close();

                // Nothing released the claim: it expires with the TTL (2 s), then the device is welcome on B.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    try (RawWebSocket again = RawWebSocket.open(survivor.port(),
                            "/ws?token=" + survivor.token("alice", "phone"))) {
                        return again.status == 101;
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        List.of("node-b").equals(survivor.node.cluster().nodes().stream().map(n -> n.get("node")).toList()));
            } finally {
                doomed.destroyForcibly();
            }
        }
    }
}
