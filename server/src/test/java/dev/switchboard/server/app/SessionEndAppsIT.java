package dev.switchboard.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.AppsConfig;
import dev.switchboard.server.config.SessionConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's session end stops the session's apps at once, with a real webhook and a real app line. */
class SessionEndAppsIT {

    private static final String PKG = "com.example.notes";
    private static final String KEY = "notes-secret-key";

    @TempDir
    Path home;
    private TestGateway gateway;
    private WebhookServer webhook;
    private final List<AppClient> apps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        webhook = new WebhookServer();
        // Grace of minutes: whatever stops here was stopped by the operator, not by a timer.
        gateway = TestGateway.start(home, c -> c
                .withApps(new AppsConfig(Duration.ofSeconds(2), 1, Duration.ofSeconds(5), Duration.ofMinutes(5), 1,
                        100))
                .withSessions(new SessionConfig(Duration.ofMinutes(5), 1000, 1 << 20)));
        HttpResponse<String> created = gateway.api("POST", "/api/v1/apps", "{\"packageName\":\"" + PKG
                + "\",\"apiKey\":\"" + KEY + "\",\"webhookUrl\":\"" + webhook.url() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        webhook.onSessionRequest = body -> apps.add(AppClient.init(body.get("websocketUrl").asText(),
                body.get("sessionId").asText(), body.get("packageName").asText(), KEY));
    }

    @AfterEach
    void stop() {
        apps.forEach(AppClient::close);
        gateway.close();
        webhook.close();
    }

    @Test
    void endingAConnectedSessionStopsItsAppsAndClosesItsLineWith4500() throws Exception {
        try (Device glasses = new Device(gateway, "alice", "glasses")) {
            glasses.start(PKG);
            glasses.state(PKG, "CONNECTED");
            await().until(() -> apps.size() == 1);

            HttpResponse<String> ended = gateway.api("DELETE", "/api/v1/sessions/" + glasses.sessionId, null);

            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
            assertThat(apps.get(0).closeCode()).isEqualTo(1000);
            await().until(() -> webhook.count("stop_request") == 1);
            assertThat(webhook.of("stop_request").get(0).get("reason").asText()).isEqualTo("session_ended");
            assertThatThrownBy(() -> glasses.next("no-such-frame")).hasMessageContaining("closed with 4500");
            await().until(() -> gateway.node.apps().appSessionCount() == 0);
            await().until(() -> gateway.node.appLines().lineCount() == 0);
            assertThat(gateway.node.sessions().size()).isZero();
        }
    }

    @Test
    void endingASessionWaitingOutItsGraceStopsItsAppsNow() throws Exception {
        Device glasses = new Device(gateway, "bob", "glasses");
        glasses.start(PKG);
        glasses.state(PKG, "CONNECTED");
        await().until(() -> apps.size() == 1);
        glasses.socket.close(); // a drop: without the operator the apps would run for the five-minute grace
        await().until(() -> gateway.node.sessions().list().get(0).lineId() == null);

        assertThat(gateway.api("DELETE", "/api/v1/sessions/" + glasses.sessionId, null).statusCode()).isEqualTo(200);

        assertThat(apps.get(0).closeCode()).isEqualTo(1000);
        await().until(() -> webhook.count("stop_request") == 1);
        await().until(() -> gateway.node.apps().appSessionCount() == 0);
        assertThat(gateway.node.sessions().size()).isZero();
    }
}
