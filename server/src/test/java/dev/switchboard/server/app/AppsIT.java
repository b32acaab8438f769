package dev.switchboard.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.AppsConfig;
import dev.switchboard.server.config.SessionConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps end to end: a real HTTP server as the app server's webhook, real app WebSockets on /app-ws and real
 * device WebSockets on /ws.
 */
class AppsIT {

    private static final String PKG = "com.example.notes";
    private static final String KEY = "notes-secret-key";

    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path home;
    private TestGateway gateway;
    private WebhookServer webhook;
    private final List<AppClient> appClients = new CopyOnWriteArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    @BeforeEach
    void webhook() throws Exception {
        webhook = new WebhookServer();
    }

    @AfterEach
    void stop() throws Exception {
        appClients.forEach(AppClient::close);
        for (Device device : devices) {
            device.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        webhook.close();
    }

    private void start(Duration connectDeadline, Duration grace, int resurrections, Duration resumeGrace)
            throws Exception {
        gateway = TestGateway.start(home, c -> c
                .withApps(new AppsConfig(Duration.ofSeconds(2), 2, connectDeadline, grace, resurrections, 100))
                .withSessions(new SessionConfig(resumeGrace, 1000, 1024 * 1024)));
    }

    private void start() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, Duration.ofSeconds(60));
    }

    private void register(String packageName) throws Exception {
        HttpResponse<String> created = gateway.api("POST", "/api/v1/apps", "{\"packageName\":\"" + packageName
                + "\",\"apiKey\":\"" + KEY + "\",\"webhookUrl\":\"" + webhook.url() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private Device device(String user, String device) throws Exception {
        Device line = new Device(gateway, user, device);
        devices.add(line);
        return line;
    }

    /** The app server connects (and inits with the right key) whenever it is asked to start an app. */
    private void appServerConnects() {
        webhook.onSessionRequest = body -> appClients.add(AppClient.init(body.get("websocketUrl").asText(),
                body.get("sessionId").asText(), body.get("packageName").asText(), KEY));
    }

    private AppClient app(int index) {
        await().until(() -> appClients.size() > index);
        return appClients.get(index);
    }

    private JsonNode apps() throws Exception {
        return json.readTree(gateway.api("GET", "/api/v1/apps", null).body());
    }

    @Test
    void fullStartFlowWithStreamsAndDisplay() throws Exception {
        start();
        register(PKG);
        appServerConnects();
        Device glasses = device("alice", "glasses");

        glasses.start(PKG);

        assertThat(glasses.state(PKG, "LOADING")).isNotNull();
        await().until(() -> webhook.count("session_request") == 1);
        JsonNode request = webhook.of("session_request").get(0);
        assertThat(request.get("sessionId").asText()).isEqualTo(glasses.sessionId);
        assertThat(request.get("userId").asText()).isEqualTo("alice");
        assertThat(request.get("websocketUrl").asText()).isEqualTo("ws://127.0.0.1:" + gateway.port() + "/app-ws");
        assertThat(request.get("timestamp").asText()).isNotBlank();
        AppClient app = app(0);
        JsonNode ack = app.next("app_connection_ack");
        assertThat(ack.get("sessionId").asText()).isEqualTo(glasses.sessionId);
        assertThat(ack.get("userId").asText()).isEqualTo("alice");
        assertThat(ack.get("deviceId").asText()).isEqualTo("glasses");
        glasses.state(PKG, "CONNECTED");
        assertThat(apps().at("/apps/0/sessions/0/state").asText()).isEqualTo("CONNECTED");
        assertThat(apps().at("/apps/0/sessions/0/line/lastSeen").asText()).isNotBlank();

        app.send("{\"type\":\"subscription_update\",\"subscriptions\":[\"location\"]}");
        assertThat(app.next("subscription_ack").get("subscriptions").toString()).isEqualTo("[\"location\"]");
        glasses.stream("location", "{\"lat\":52.5,\"lon\":13.4}");
        JsonNode data = app.next("data_stream");
        assertThat(data.get("stream").asText()).isEqualTo("location");
        assertThat(data.get("data").toString()).isEqualTo("{\"lat\":52.5,\"lon\":13.4}");

        app.send("{\"type\":\"display_event\",\"packageName\":\"com.evil\",\"view\":\"main\","
                + "\"layout\":{\"layoutType\":\"text_wall\",\"text\":\"hello\"}}");
        JsonNode display = glasses.next("display_event");
        assertThat(display.get("packageName").asText()).as("an app cannot pose as another").isEqualTo(PKG);
        assertThat(display.at("/layout/text").asText()).isEqualTo("hello");
        assertThat(webhook.count("session_request")).isEqualTo(1);
    }

    @Test
    void aSecondStartWhileLoadingSendsNoSecondWebhook() throws Exception {
        start();
        register(PKG);
        Device glasses = device("bob", "glasses");

        glasses.start(PKG);
        glasses.state(PKG, "LOADING");
        glasses.state(PKG, "CONNECTING"); // the webhook was answered, nobody connected yet
        glasses.start(PKG);
        assertThat(glasses.state(PKG, "CONNECTING")).as("the second start is answered with where the first is")
                .isNotNull();
        HttpResponse<String> viaApi = gateway.api("POST", "/api/v1/sessions/" + glasses.sessionId + "/apps",
                "{\"packageName\":\"" + PKG + "\"}");
        assertThat(viaApi.statusCode()).isEqualTo(409);
        assertThat(viaApi.body()).contains("already_running");

        AppClient app = AppClient.init("ws://127.0.0.1:" + gateway.port() + "/app-ws", glasses.sessionId, PKG, KEY);
        appClients.add(app);
        app.next("app_connection_ack");
        glasses.state(PKG, "CONNECTED");
        assertThat(webhook.count("session_request")).isEqualTo(1);
    }

    @Test
    void aFailingWebhookEndsInErrorAfterItsAttempts() throws Exception {
        start();
        register(PKG);
        webhook.status = 500;
        Device glasses = device("carol", "glasses");

        glasses.start(PKG);

        JsonNode error = glasses.state(PKG, "ERROR");
        assertThat(error.get("reason").asText()).isEqualTo("webhook_failed");
        assertThat(webhook.count("session_request")).isEqualTo(2); // apps.webhookAttempts
        assertThat(apps().at("/apps/0/sessions").size()).isZero();
        await().until(() -> gateway.node.apps().appSessionCount() == 0);
        assertThat(gateway.node.registry().get("switchboard.apps.webhooks").tag("outcome", "failed").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void anAppThatNeverConnectsMissesItsDeadline() throws Exception {
        start(Duration.ofMillis(300), Duration.ofSeconds(5), 1, Duration.ofSeconds(60));
        register(PKG);
        Device glasses = device("dave", "glasses");

        glasses.start(PKG);

        glasses.state(PKG, "CONNECTING");
        assertThat(glasses.state(PKG, "ERROR").get("reason").asText()).isEqualTo("connect_timeout");
        await().until(() -> webhook.count("stop_request") == 1);
        assertThat(gateway.node.apps().appSessionCount()).isZero();
    }

    @Test
    void initsThatAreWrongAreRefusedWith1008() throws Exception {
        start(Duration.ofMillis(500), Duration.ofSeconds(5), 1, Duration.ofSeconds(60));
        register(PKG);
        Device glasses = device("erin", "glasses");
        String url = "ws://127.0.0.1:" + gateway.port() + "/app-ws";

        // Not started for this session.
        AppClient notStarted = AppClient.init(url, glasses.sessionId, PKG, KEY);
        appClients.add(notStarted);
        assertThat(notStarted.next("app_connection_error").get("code").asText()).isEqualTo("app_not_started");
        assertThat(notStarted.closeCode()).isEqualTo(1008);

        glasses.start(PKG);
        glasses.state(PKG, "CONNECTING");
        AppClient wrongKey = AppClient.init(url, glasses.sessionId, PKG, "not-the-key-at-all");
        appClients.add(wrongKey);
        assertThat(wrongKey.next("app_connection_error").get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(wrongKey.closeCode()).isEqualTo(1008);

        AppClient malformed = AppClient.connect(url);
        appClients.add(malformed);
        malformed.send("{\"type\":\"app_connection_init\",\"sessionId\":42}");
        assertThat(malformed.next("app_connection_error").get("code").asText()).isEqualTo("malformed_init");
        assertThat(malformed.closeCode()).isEqualTo(1008);

        AppClient silent = AppClient.connect(url);
        appClients.add(silent);
        assertThat(silent.next("app_connection_error").get("code").asText()).isEqualTo("init_timeout");
        assertThat(silent.closeCode()).isEqualTo(1008);
    }

    @Test
    void streamsReachOnlySubscribersWildcardAndAudioIncluded() throws Exception {
        start();
        register(PKG);
        register("com.example.everything");
        appServerConnects();
        Device glasses = device("frank", "glasses");
        Device other = device("grace", "glasses-2");
        glasses.start(PKG);
        glasses.state(PKG, "CONNECTED");
        glasses.start("com.example.everything");
        glasses.state("com.example.everything", "CONNECTED");
        other.start(PKG);
        other.state(PKG, "CONNECTED");
        AppClient notes = byPackageAndSession(PKG, glasses.sessionId);
        AppClient everything = byPackageAndSession("com.example.everything", glasses.sessionId);
        AppClient othersNotes = byPackageAndSession(PKG, other.sessionId);
        subscribe(notes, "[\"location\"]");
        subscribe(everything, "[\"*\"]");
        subscribe(othersNotes, "[\"location\",\"audio\"]");

        glasses.stream("transcription:en-US", "{\"text\":\"hi\"}");
        glasses.audio(new byte[] {7, 8, 9});
        glasses.stream("location", "{\"n\":1}");

        JsonNode first = everything.next("data_stream");
        assertThat(first.get("stream").asText()).isEqualTo("transcription:en-US");
        assertThat(everything.nextBinary()).containsExactly(7, 8, 9);
        assertThat(everything.next("data_stream").get("data").toString()).isEqualTo("{\"n\":1}");
        // The location frame came after the others on the device's line: had notes been sent them, they would
        // have arrived first.
        JsonNode notesFirst = notes.next("data_stream");
        assertThat(notesFirst.get("stream").asText()).isEqualTo("location");
        assertThat(notes.binaries).isEmpty();
        // Another session's app hears nothing of this session.
        other.stream("location", "{\"n\":2}");
        assertThat(othersNotes.next("data_stream").get("data").toString()).isEqualTo("{\"n\":2}");
        assertThat(othersNotes.binaries).isEmpty();
    }

    private AppClient byPackageAndSession(String packageName, String sessionId) throws Exception {
        await().until(() -> appClients.stream().anyMatch(c -> c.texts.stream().anyMatch(t ->
                t.path("type").asText().equals("app_connection_ack") && t.path("packageName").asText()
                        .equals(packageName) && t.path("sessionId").asText().equals(sessionId))));
        return appClients.stream().filter(c -> c.texts.stream().anyMatch(t ->
                t.path("packageName").asText().equals(packageName) && t.path("sessionId").asText()
                        .equals(sessionId))).findFirst().orElseThrow();
    }

    private static void subscribe(AppClient app, String names) throws Exception {
        app.send("{\"type\":\"subscription_update\",\"subscriptions\":" + names + "}");
        app.next("subscription_ack");
    }

    @Test
    void anAppThatDropsAndReturnsWithinGraceKeepsSubscriptionsAndHeldMessages() throws Exception {
        start();
        register(PKG);
        appServerConnects();
        Device glasses = device("heidi", "glasses");
        glasses.start(PKG);
        glasses.state(PKG, "CONNECTED");
        AppClient first = app(0);
        first.next("app_connection_ack");
        subscribe(first, "[\"location\"]");

        first.abort();
        glasses.state(PKG, "DISCONNECTED");
        glasses.stream("location", "{\"held\":1}");
        glasses.stream("location", "{\"held\":2}");
        await().until(() -> gateway.node.apps().runningOf(PKG).get(0).pendingCount() == 2);

        AppClient back = AppClient.init("ws://127.0.0.1:" + gateway.port() + "/app-ws", glasses.sessionId, PKG, KEY);
        appClients.add(back);
        JsonNode ack = back.next("app_connection_ack");
        assertThat(ack.get("resumed").asBoolean()).isTrue();
        assertThat(ack.get("subscriptions").toString()).isEqualTo("[\"location\"]");
        assertThat(back.next("data_stream").get("data").toString()).isEqualTo("{\"held\":1}");
        assertThat(back.next("data_stream").get("data").toString()).isEqualTo("{\"held\":2}");
        glasses.state(PKG, "CONNECTED");
        glasses.stream("location", "{\"live\":3}");
        assertThat(back.next("data_stream").get("data").toString()).isEqualTo("{\"live\":3}");
        assertThat(webhook.count("session_request")).as("no resurrection was needed").isEqualTo(1);
    }

    @Test
    void anAppThatDoesNotReturnIsResurrectedThenStopped() throws Exception {
        start(Duration.ofMillis(400), Duration.ofMillis(300), 1, Duration.ofSeconds(60));
        register(PKG);
        // The app server comes up once, then is gone for good: it answers webhooks but never connects again.
        webhook.onSessionRequest = body -> {
            if (webhook.count("session_request") == 1) {
                appClients.add(AppClient.init(body.get("websocketUrl").asText(), body.get("sessionId").asText(),
                        PKG, KEY));
            }
        };
        Device glasses = device("ivan", "glasses");
        glasses.start(PKG);
        glasses.state(PKG, "CONNECTED");
        AppClient app = app(0);
        app.next("app_connection_ack");
        subscribe(app, "[\"location\"]");

        app.abort();

        glasses.state(PKG, "DISCONNECTED");
        assertThat(glasses.state(PKG, "LOADING").get("reason").asText()).isEqualTo("resurrecting");
        JsonNode stopped = glasses.next("app_stopped");
        assertThat(stopped.get("packageName").asText()).isEqualTo(PKG);
        assertThat(stopped.get("reason").asText()).isEqualTo("resurrection_failed");
        assertThat(webhook.count("session_request")).isEqualTo(2);
        await().until(() -> webhook.count("stop_request") == 1);
        assertThat(webhook.of("stop_request").get(0).get("reason").asText()).isEqualTo("resurrection_failed");
        assertThat(gateway.node.apps().appSessionCount()).isZero();
        assertThat(gateway.node.registry().get("switchboard.apps.resurrections").counter().count()).isEqualTo(1);
    }

    @Test
    void stopClosesTheAppLineAndTellsEveryone() throws Exception {
        start();
        register(PKG);
        appServerConnects();
        Device glasses = device("judy", "glasses");
        glasses.start(PKG);
        glasses.state(PKG, "CONNECTED");
        AppClient app = app(0);

        glasses.send("{\"type\":\"app_stop\",\"packageName\":\"" + PKG + "\"}");

        JsonNode stopped = glasses.next("app_stopped");
        assertThat(stopped.get("reason").asText()).isEqualTo("stopped");
        assertThat(app.closeCode()).isEqualTo(1000);
        await().until(() -> webhook.count("stop_request") == 1);
        assertThat(webhook.of("stop_request").get(0).get("sessionId").asText()).isEqualTo(glasses.sessionId);
        assertThat(gateway.api("DELETE", "/api/v1/sessions/" + glasses.sessionId + "/apps/" + PKG, null)
                .statusCode()).isEqualTo(404);

        // Started again through the API, stopped through the API.
        assertThat(gateway.api("POST", "/api/v1/sessions/" + glasses.sessionId + "/apps", "{\"packageName\":\""
                + PKG + "\"}").statusCode()).isEqualTo(202);
        glasses.state(PKG, "CONNECTED");
        assertThat(gateway.api("DELETE", "/api/v1/sessions/" + glasses.sessionId + "/apps/" + PKG, null)
                .statusCode()).isEqualTo(200);
        assertThat(glasses.next("app_stopped").get("reason").asText()).isEqualTo("stopped");
    }

    @Test
    void recoverResendsSessionRequestsForRunningApps() throws Exception {
        start();
        register(PKG);
        appServerConnects();
        Device one = device("ken", "glasses");
        Device two = device("lea", "glasses-2");
        one.start(PKG);
        one.state(PKG, "CONNECTED");
        two.start(PKG);
        two.state(PKG, "CONNECTED");

        HttpResponse<String> recovered = gateway.api("POST", "/api/v1/apps/" + PKG + "/recover", null);

        assertThat(json.readTree(recovered.body()).get("sent").asInt()).isEqualTo(2);
        await().until(() -> webhook.count("session_request") == 4);
        assertThat(webhook.of("session_request").subList(2, 4)).extracting(b -> b.get("sessionId").asText())
                .containsExactlyInAnyOrder(one.sessionId, two.sessionId);
    }

    @Test
    void aDisposedSessionStopsItsAppsAndLeavesNothingBehind() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, Duration.ofMillis(300));
        register(PKG);
        appServerConnects();
        Device glasses = device("mallory", "glasses");
        glasses.start(PKG);
        glasses.state(PKG, "CONNECTED");
        AppClient app = app(0);

        glasses.socket.close(); // no close frame: a drop; the session waits out its grace, then goes

        assertThat(app.closeCode()).isEqualTo(1000);
        await().until(() -> webhook.count("stop_request") == 1);
        assertThat(webhook.of("stop_request").get(0).get("reason").asText()).isEqualTo("session_ended");
        await().until(() -> gateway.node.apps().sessionCount() == 0);
        assertThat(gateway.node.apps().appSessionCount()).isZero();
        assertThat(gateway.node.apps().appsOf(glasses.sessionId)).isEmpty();
        await().until(() -> gateway.node.appLines().lineCount() == 0);
        await().until(() -> gateway.node.sessions().size() == 0);
    }

    @Test
    void userIdsWithDashesAndColonsWork() throws Exception {
        start();
        String packageName = "com.ex-ample.app";
        register(packageName);
        appServerConnects();
        Device glasses = device("user-1:team-a", "dev-1:left");

        glasses.start(packageName);

        glasses.state(packageName, "CONNECTED");
        AppClient app = app(0);
        JsonNode ack = app.next("app_connection_ack");
        assertThat(ack.get("userId").asText()).isEqualTo("user-1:team-a");
        assertThat(ack.get("packageName").asText()).isEqualTo(packageName);
        subscribe(app, "[\"location\"]");
        glasses.stream("location", "1");
        assertThat(app.next("data_stream").get("sessionId").asText()).isEqualTo(glasses.sessionId);
    }
}
