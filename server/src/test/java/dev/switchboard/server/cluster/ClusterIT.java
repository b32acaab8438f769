package dev.switchboard.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.core.hub.DuplicatePolicy;
import dev.switchboard.redis.TestRedis;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.ClusterConfig;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.config.WebSocketConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real gateway nodes sharing one real Redis: presence and delivery across nodes, through every door. */
class ClusterIT {

    private static TestRedis redis;
    @TempDir
    Path home;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static UnaryOperator<SwitchboardConfig> clustered(TestRedis server, String prefix, String nodeId) {
        return config -> config.withCluster(ClusterConfig.DEFAULT.withRedisUrl(server.url()).withKeyPrefix(prefix)
                .withNodeId(nodeId).withTimers(Duration.ofSeconds(2), Duration.ofMillis(500)));
    }

    private TestGateway node(TestRedis server, String prefix, String id) throws Exception {
        return TestGateway.start(home.resolve(id), clustered(server, prefix, id));
    }

    @Test
    void aPublishOnOneNodeReachesLinesOnTheOtherByDeviceUserChannelAndBroadcast() throws Exception {
        String prefix = TestRedis.freshPrefix();
        try (TestGateway a = node(redis, prefix, "node-a"); TestGateway b = node(redis, prefix, "node-b");
             RawWebSocket phone = a.connect("alice", "phone");
             RawWebSocket laptop = b.connect("alice", "laptop");
             RawWebSocket tablet = a.connect("bob", "tablet")) {
            tablet.sendText("{\"type\":\"subscribe\",\"channel\":\"news\"}");
            tablet.readTextContaining("subscribed");
            laptop.sendText("{\"type\":\"subscribe\",\"channel\":\"news\"}");
            laptop.readTextContaining("subscribed");

            HttpResponse<String> toDevice = b.publish("{\"device\":\"phone\",\"data\":{\"n\":1}}");
            assertThat(toDevice.statusCode()).isEqualTo(200);
            assertThat(toDevice.body()).isEqualTo("{\"delivered\":1}");
            assertThat(phone.readTextContaining("message").text()).isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":{\"n\":1}}");

            assertThat(b.publish("{\"user\":\"alice\",\"data\":\"u\"}").body()).isEqualTo("{\"delivered\":2}");
            assertThat(phone.readTextContaining("message").text()).contains("\"data\":\"u\"");
            assertThat(laptop.readTextContaining("message").text()).contains("\"data\":\"u\"");

            assertThat(a.publish("{\"channel\":\"news\",\"data\":\"c\"}").body()).isEqualTo("{\"delivered\":2}");
            assertThat(tablet.readTextContaining("message").text()).contains("\"data\":\"c\"");
            assertThat(laptop.readTextContaining("message").text()).contains("\"data\":\"c\"");

            assertThat(b.publish("{\"broadcast\":true,\"data\":\"all\"}").body()).isEqualTo("{\"delivered\":3}");
            for (RawWebSocket line : new RawWebSocket[] {phone, laptop, tablet}) {
                assertThat(line.readTextContaining("message").text()).contains("\"data\":\"all\"");
            }

            byte[] everyByte = new byte[256];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = (byte) i;
            }
            String binary = Base64.getEncoder().encodeToString(everyByte);
            assertThat(b.publish("{\"device\":\"phone\",\"binary\":\"" + binary + "\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            RawWebSocket.Frame frame = phone.readUntil(RawWebSocket.BINARY);
            assertThat(frame.payload()).isEqualTo(everyByte);

            assertThat(b.publish("{\"device\":\"nobody\",\"data\":1}").body()).isEqualTo("{\"delivered\":0}");
        }
    }

    @Test
    void aDeviceConnectedOnOneNodeIsRefusedWith409OnTheOtherAndFreedWhenItsNodeStops() throws Exception {
        String prefix = TestRedis.freshPrefix();
        try (TestGateway b = node(redis, prefix, "node-b")) {
            TestGateway a = node(redis, prefix, "node-a");
            try (RawWebSocket phone = a.connect("alice", "phone")) {
                try (RawWebSocket second = RawWebSocket.open(b.port(), "/ws?token=" + b.token("alice", "phone"))) {
                    assertThat(second.status).isEqualTo(409);
                    assertThat(second.body).contains("duplicate_device", "node-a");
                }
                a.close();
                assertThat(phone.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1001);
            }
            // Node A released its claims as it stopped: no waiting for the TTL.
            try (RawWebSocket again = b.connect("alice", "phone")) {
                assertThat(b.publish("{\"device\":\"phone\",\"data\":2}").body()).isEqualTo("{\"delivered\":1}");
                assertThat(again.readTextContaining("message").text()).contains("\"data\":2");
            }
        }
    }

    @Test
    void anOperatorOnOneNodeDisconnectsADeviceHeldByTheOther() throws Exception {
        String prefix = TestRedis.freshPrefix();
        try (TestGateway a = node(redis, prefix, "node-a"); TestGateway b = node(redis, prefix, "node-b");
             RawWebSocket phone = a.connect("alice", "phone")) {
            HttpResponse<String> done = b.api("DELETE", "/api/v1/connections?device=phone&reason=maintenance", null);

            assertThat(done.statusCode()).isEqualTo(200);
            RawWebSocket.Frame close = phone.readUntil(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4500);
            assertThat(close.text()).contains("maintenance");
            assertThat(b.api("DELETE", "/api/v1/connections?device=nobody", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void underTheReplacePolicyAConnectionOnAnotherNodeClosesTheOldLineWith4501() throws Exception {
        String prefix = TestRedis.freshPrefix();
        UnaryOperator<SwitchboardConfig> replace = config -> config.withWebsocket(
                withPolicy(config.websocket(), DuplicatePolicy.REPLACE));
        try (TestGateway a = TestGateway.start(home.resolve("a"),
                config -> replace.apply(clustered(redis, prefix, "node-a").apply(config)));
             TestGateway b = TestGateway.start(home.resolve("b"),
                     config -> replace.apply(clustered(redis, prefix, "node-b").apply(config)));
             RawWebSocket old = a.connect("alice", "phone");
             RawWebSocket newer = b.connect("alice", "phone")) {
            assertThat(old.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4501);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.node.hub().lineCount() == 0);
            assertThat(a.publish("{\"device\":\"phone\",\"data\":\"to the new line\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            assertThat(newer.readTextContaining("message").text()).contains("to the new line");
        }
    }

    @Test
    void healthShowsTheClusterAndRedisDownMakesTheNodeUnreadyWithoutCrashingIt() throws Exception {
        String prefix = TestRedis.freshPrefix();
        try (TestRedis own = TestRedis.start(); TestGateway a = node(own, prefix, "node-a");
             TestGateway b = node(own, prefix, "node-b");
             RawWebSocket phone = a.connect("alice", "phone")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(cluster(a)).containsEntry("mode", "redis").containsEntry("redisUp", true)
                            .containsEntry("liveNodes", 2).containsEntry("node", "node-a"));
            assertThat(get(a, "/readyz").statusCode()).isEqualTo(200);
            // Device counts are as of each node's last heartbeat (every 500 ms here).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    b.api("GET", "/api/v1/cluster", null).body()).contains("{\"node\":\"node-a\",", "\"devices\":1}"));
            HttpResponse<String> report = b.api("GET", "/api/v1/cluster", null);
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).contains("\"mode\":\"redis\"", "\"redisUp\":true",
                    "{\"node\":\"node-a\",", "\"devices\":1}", "{\"node\":\"node-b\",", "\"devices\":0}");
            try (ControlClient control = ControlClient.connect(
                    ControlClientOptions.forSocket(b.node.config().controlSocket()))) {
                JsonNode status = control.call("cluster.status", null);
                assertThat(status.path("mode").asText()).isEqualTo("redis");
                assertThat(status.path("nodes").size()).isEqualTo(2);
            }
            assertThat(get(a, "/metrics").body()).contains("switchboard_cluster_redis_up 1.0",
                    "switchboard_cluster_claims 1.0");

            own.stop();

            await().atMost(Duration.ofSeconds(10)).until(() -> get(a, "/readyz").statusCode() == 503);
            assertThat(get(a, "/readyz").body()).contains("\"reason\":\"redis_unavailable\"");
            try (RawWebSocket refused = RawWebSocket.open(a.port(), "/ws?token=" + a.token("bob", "tablet"))) {
                assertThat(refused.status).isEqualTo(503);
                assertThat(refused.body).contains("cluster_unavailable");
            }
            // The node's own lines still get what is published here.
            assertThat(a.publish("{\"user\":\"alice\",\"data\":\"local\"}").body()).isEqualTo("{\"delivered\":1}");
            assertThat(phone.readTextContaining("message").text()).contains("local");
            assertThat(cluster(a)).containsEntry("redisUp", false);
            // The health report (what `status` shows) turns degraded at its next gathering.
            await().atMost(Duration.ofSeconds(30)).until(() -> "degraded".equals(a.node.health().latest().get("status")));
            assertThat(a.node.health().latest().get("problems").toString()).contains("Redis unreachable");

            own.restart();

            // Lettuce reconnects; the heartbeat writes the phone's claim back into the empty Redis.
            await().atMost(Duration.ofSeconds(60)).until(() -> get(a, "/readyz").statusCode() == 200);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    b.publish("{\"device\":\"phone\",\"data\":\"back\"}").body().equals("{\"delivered\":1}"));
            assertThat(phone.readTextContaining("back").text()).contains("back");
            try (RawWebSocket duplicate = RawWebSocket.open(b.port(), "/ws?token=" + b.token("alice", "phone"))) {
                assertThat(duplicate.status).isEqualTo(409);
            }
        }
    }

    @Test
    void whatIsPublishedOnAnotherNodeWhileADeviceIsAwayIsReplayedWhenItResumes() throws Exception {
        String prefix = TestRedis.freshPrefix();
        try (TestGateway a = node(redis, prefix, "node-a"); TestGateway b = node(redis, prefix, "node-b")) {
            RawWebSocket phone = RawWebSocket.open(a.port(), "/ws?token=" + a.token("alice", "phone"));
            String ack = phone.readTextContaining("connection_ack").text();
            String resumeToken = ack.replaceAll(".*\"resumeToken\":\"([^\"]+)\".*", "$1");
            assertThat(b.publish("{\"device\":\"phone\",\"data\":1}").body()).isEqualTo("{\"delivered\":1}");
            phone.readTextContaining("\"seq\":1");
            phone.close(); // dropped without a close frame: the session waits out its resume grace on node A
            await().atMost(Duration.ofSeconds(10)).until(() -> a.node.hub().lineCount() == 0);

            // No line holds the device now; node B's publish still reaches the session on node A.
            assertThat(b.publish("{\"device\":\"phone\",\"data\":2}").body()).isEqualTo("{\"delivered\":1}");

            try (RawWebSocket back = RawWebSocket.open(a.port(),
                    "/ws?token=" + a.token("alice", "phone") + "&resume=" + resumeToken + "&lastSeq=1")) {
                assertThat(back.status).isEqualTo(101);
                assertThat(back.readTextContaining("connection_ack").text()).contains("\"resumed\":true");
                assertThat(back.readTextContaining("message").text())
                        .isEqualTo("{\"type\":\"message\",\"seq\":2,\"data\":2}");
            }
        }
    }

    @Test
    void withoutARedisUrlTheNodeIsEmbedded() throws Exception {
        try (TestGateway solo = TestGateway.start(home.resolve("solo"), config -> config)) {
            assertThat(cluster(solo)).containsEntry("mode", "embedded");
            assertThat(solo.api("GET", "/api/v1/cluster", null).body()).startsWith("{\"mode\":\"embedded\",");
            assertThat(get(solo, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cluster(TestGateway gateway) {
        return (Map<String, Object>) gateway.node.identity().get("cluster");
    }

    private static HttpResponse<String> get(TestGateway gateway, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static WebSocketConfig withPolicy(WebSocketConfig ws, DuplicatePolicy policy) {
        return new WebSocketConfig(ws.path(), ws.pingInterval(), ws.idleTimeout(), ws.writeTimeout(), ws.maxMessageSize(),
                ws.writeBufferLow(), ws.writeBufferHigh(), ws.maxOutboundBuffer(), policy, ws.maxChannelsPerLine(),
                ws.handshakeTimeout());
    }
}
