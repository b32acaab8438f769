package dev.switchboard.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.AppsConfig;
import dev.switchboard.server.config.WebSocketConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** App line health, the control methods and apps registered from the configuration file. */
class AppLinesIT {

    private static final String PKG = "com.example.notes";
    private static final String KEY = "notes-secret-key";

    @TempDir
    Path home;
    private TestGateway gateway;
    private WebhookServer webhook;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void aSilentAppLineIsClosedAndGoesThroughTheDropPath() throws Exception {
        webhook = new WebhookServer();
        Path file = home.resolve("apps-config.json");
        Files.createDirectories(home);
        Files.writeString(file, "[{\"packageName\":\"" + PKG + "\",\"apiKey\":\"" + KEY + "\",\"webhookUrl\":\""
                + webhook.url() + "\"}]");
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        gateway = TestGateway.start(home, c -> c
                .withWebsocket(new WebSocketConfig("/ws", Duration.ofMillis(200), Duration.ofMillis(800),
                        d.writeTimeout(), d.maxMessageSize(), d.writeBufferLow(), d.writeBufferHigh(),
                        d.maxOutboundBuffer(), d.duplicatePolicy(), d.maxChannelsPerLine(), d.handshakeTimeout()))
                .withApps(new AppsConfig(Duration.ofSeconds(2), 1, Duration.ofSeconds(5), Duration.ofSeconds(30), 1,
                        10).withFile(file)));
        try (Device glasses = new Device(gateway, "nina", "glasses")) {
            glasses.start(PKG); // registered from apps.file
            glasses.state(PKG, "CONNECTING");
            // An app that inits, then never answers a ping.
            try (RawWebSocket app = RawWebSocket.open(gateway.port(), "/app-ws")) {
                assertThat(app.status).isEqualTo(101);
                app.sendText("{\"type\":\"tpa_connection_init\",\"sessionId\":\"" + glasses.sessionId
                        + "\",\"packageName\":\"" + PKG + "\",\"apiKey\":\"" + KEY + "\"}");
                assertThat(app.readTextContaining("app_connection_ack").text()).contains(glasses.sessionId);
                glasses.state(PKG, "CONNECTED");
                assertThat(gateway.node.appLines().lines()).hasSize(1);

                assertThat(app.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4000);
                JsonNode dropped = glasses.state(PKG, "DISCONNECTED");
                assertThat(dropped.get("reason").asText()).isEqualTo("app_disconnected");
                await().until(() -> gateway.node.appLines().lineCount() == 0);
            }
        }
    }

    @Test
    void anAppThatStopsReadingIsCutOffAt4001AndItsMessagesWait() throws Exception {
        webhook = new WebhookServer();
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        gateway = TestGateway.start(home, c -> c
                .withWebsocket(new WebSocketConfig("/ws", d.pingInterval(), d.idleTimeout(), d.writeTimeout(),
                        32 * 1024, d.writeBufferLow(), d.writeBufferHigh(), 64 * 1024, d.duplicatePolicy(),
                        d.maxChannelsPerLine(), d.handshakeTimeout()))
                .withApps(new AppsConfig(Duration.ofSeconds(2), 1, Duration.ofSeconds(5), Duration.ofSeconds(30), 1,
                        5)));
        gateway.api("POST", "/api/v1/apps", "{\"packageName\":\"" + PKG + "\",\"apiKey\":\"" + KEY
                + "\",\"webhookUrl\":\"" + webhook.url() + "\"}");
        try (Device glasses = new Device(gateway, "pat", "glasses")) {
            glasses.start(PKG);
            glasses.state(PKG, "CONNECTING");
            try (RawWebSocket app = RawWebSocket.open(gateway.port(), "/app-ws", 4096)) {
                app.sendText("{\"type\":\"app_connection_init\",\"sessionId\":\"" + glasses.sessionId
                        + "\",\"packageName\":\"" + PKG + "\",\"apiKey\":\"" + KEY + "\"}");
                app.readTextContaining("app_connection_ack");
                app.sendText("{\"type\":\"subscription_update\",\"subscriptions\":[\"*\"]}");
                app.readTextContaining("subscription_ack");
                glasses.state(PKG, "CONNECTED");
                // The app reads nothing more; the device keeps streaming until the gateway gives up on the app.
                String chunk = "\"" + "x".repeat(16 * 1024) + "\"";
                for (int i = 0; i < 2_000 && gateway.node.apps().runningOf(PKG).get(0).state()
                        == dev.switchboard.core.app.AppState.CONNECTED; i++) {
                    glasses.stream("location", chunk);
                }
                JsonNode dropped = glasses.state(PKG, "DISCONNECTED");
                assertThat(dropped.get("reason").asText()).isEqualTo("app_disconnected");
                // More than the bound of 5 while the app is away, whatever was still in flight when it dropped.
                for (int i = 0; i < 6; i++) {
                    glasses.stream("location", String.valueOf(i));
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> gateway.node.apps().runningOf(PKG).get(0).pendingCount() == 5);
            }
        }
    }

    @Test
    void controlMethodsRegisterStartStopRecoverAndList() throws Exception {
        webhook = new WebhookServer();
        gateway = TestGateway.start(home, c -> c);
        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")));
             Device glasses = new Device(gateway, "oscar", "glasses")) {
            JsonNode registered = control.call("app.register", Map.of("packageName", PKG, "apiKey", KEY,
                    "webhookUrl", webhook.url()));
            assertThat(registered.get("created").asBoolean()).isTrue();
            assertThat(registered.toString()).doesNotContain(KEY);
            assertThatThrownBy(() -> control.call("app.register", Map.of("packageName", "9bad", "apiKey", KEY,
                    "webhookUrl", webhook.url()))).isInstanceOf(ControlCallException.class)
                    .hasMessageContaining("packageName");

            JsonNode started = control.call("app.start", Map.of("sessionId", glasses.sessionId, "packageName", PKG));
            assertThat(started.get("started").asBoolean()).isTrue();
            glasses.state(PKG, "CONNECTING");
            JsonNode listed = control.call("app.list", Map.of());
            assertThat(listed.at("/apps/0/sessions/0/sessionId").asText()).isEqualTo(glasses.sessionId);
            assertThat(listed.at("/apps/0/sessions/0/state").asText()).isEqualTo("CONNECTING");
            JsonNode sessions = control.call("session.list", Map.of());
            assertThat(sessions.toString()).contains(PKG, "CONNECTING");

            assertThat(control.call("app.recover", Map.of("packageName", PKG)).get("sent").asInt()).isEqualTo(1);
            await().until(() -> webhook.count("session_request") == 2);

            assertThat(control.call("app.stop", Map.of("sessionId", glasses.sessionId, "packageName", PKG))
                    .get("stopped").asBoolean()).isTrue();
            assertThat(glasses.next("app_stopped").get("reason").asText()).isEqualTo("stopped");
            assertThatThrownBy(() -> control.call("app.stop", Map.of("sessionId", glasses.sessionId,
                    "packageName", PKG))).isInstanceOf(ControlCallException.class);
            await().until(() -> webhook.count("stop_request") == 1);
        }
        String metrics = gateway.api("GET", "/metrics", null).body();
        assertThat(metrics).contains("switchboard_apps_sessions{state=\"connected\"}",
                "switchboard_apps_webhooks_total{outcome=\"ok\",type=\"session_request\"}");
    }
}
