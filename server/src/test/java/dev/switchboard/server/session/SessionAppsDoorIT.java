package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.session.AppPort;
import dev.switchboard.core.session.SessionHandle;
import dev.switchboard.core.session.SessionState;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.SessionConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device door hands app messages to the installed {@link AppPort}; apps' frames join the session's sequence. */
class SessionAppsDoorIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private TestGateway gateway;
    private final RecordingApps apps = new RecordingApps();

    /** What the apps feature was handed, as "kind session arg". */
    static final class RecordingApps implements AppPort {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile SessionHandle last;

        @Override
        public void start(SessionHandle session, String packageName) {
            last = session;
            calls.add("start " + session.id() + " " + packageName);
            session.sendToDevice(("{\"type\":\"app_state\",\"packageName\":\"" + packageName
                    + "\",\"state\":\"LOADING\"}").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void stop(SessionHandle session, String packageName) {
            calls.add("stop " + session.id() + " " + packageName);
        }

        @Override
        public void stream(SessionHandle session, String stream, byte[] data) {
            calls.add("stream " + session.id() + " " + stream + " " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void audio(SessionHandle session, byte[] bytes) {
            calls.add("audio " + session.id() + " " + bytes.length);
        }

        @Override
        public List<AppSummary> appsOf(String sessionId) {
            return List.of(new AppSummary("com.example.captions", "LOADING"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home, config -> config.withSessions(
                new SessionConfig(Duration.ofSeconds(30), 1000, 1 << 20)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static JsonNode nextText(RawWebSocket socket) throws Exception {
        return JSON.readTree(socket.readUntil(RawWebSocket.TEXT).text());
    }

    @Test
    void withoutAnAppsFeatureAppMessagesAreRefusedWithAReason() throws Exception {
        // The node installs the apps feature at start; take it away to see the door without one.
        gateway.node.installApps(dev.switchboard.core.session.AppPort.NONE);
        try (RawWebSocket device = gateway.connect("alice", "glasses")) {
            device.sendText("{\"type\":\"app_start\",\"packageName\":\"com.example.captions\",\"id\":7}");
            JsonNode error = nextText(device);
            assertThat(error.get("code").asText()).isEqualTo("apps_unavailable");
            assertThat(error.get("id").asInt()).isEqualTo(7);
            // Binary frames without a pairing or an apps feature are still refused as before.
            device.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            assertThat(device.readTextContaining("pair_error").text()).contains("NOT_PAIRED");
        }
    }

    @Test
    void appMessagesStreamsAndAudioReachTheAppsFeatureWithTheSession() throws Exception {
        gateway.node.installApps(apps);
        RawWebSocket device = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token("org-1:alice", "glasses"));
        try (device) {
            JsonNode ack = JSON.readTree(device.readTextContaining("connection_ack").text());
            String sessionId = ack.get("sessionId").asText();
            device.sendText("{\"type\":\"app_start\",\"packageName\":\"com.example.captions\"}");
            JsonNode state = nextText(device);
            assertThat(state.get("type").asText()).isEqualTo("app_state");
            assertThat(state.get("seq").asLong()).isEqualTo(1);
            device.sendText("{\"type\":\"stream\",\"stream\":\"location\",\"data\":{\"lat\":1.5}}");
            device.send(RawWebSocket.BINARY, new byte[320]);
            device.sendText("{\"type\":\"app_stop\",\"packageName\":\"com.example.captions\"}");
            device.sendText("{\"type\":\"app_stop\"}");
            assertThat(nextText(device).get("code").asText()).isEqualTo("bad_message");
            await().atMost(Duration.ofSeconds(10)).until(() -> apps.calls.size() == 4);
            assertThat(apps.calls).containsExactly(
                    "start " + sessionId + " com.example.captions",
                    "stream " + sessionId + " location {\"lat\":1.5}",
                    "audio " + sessionId + " 320",
                    "stop " + sessionId + " com.example.captions");
            assertThat(apps.last.userId()).isEqualTo("org-1:alice");
            assertThat(gateway.node.sessions().find(sessionId)).containsSame(apps.last);

            JsonNode listing = JSON.readTree(gateway.api("GET", "/api/v1/sessions", null).body());
            assertThat(listing.get("sessions").get(0).get("apps").get(0).get("packageName").asText())
                    .isEqualTo("com.example.captions");

            // An app's frame sent while the device is away is replayed on resume, in the same sequence.
            device.close();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    gateway.node.sessions().session(sessionId).orElseThrow().state() == SessionState.DISCONNECTING);
            assertThat(apps.last.sendToDevice("{\"type\":\"display_event\",\"text\":\"hi\"}"
                    .getBytes(StandardCharsets.UTF_8))).isTrue();
            try (RawWebSocket back = RawWebSocket.open(gateway.port(), "/ws?token="
                    + gateway.token("org-1:alice", "glasses") + "&resume="
                    + URLEncoder.encode(ack.get("resumeToken").asText(), StandardCharsets.UTF_8) + "&lastSeq=1")) {
                JsonNode resumed = JSON.readTree(back.readTextContaining("connection_ack").text());
                assertThat(resumed.get("recovered").asBoolean()).isTrue();
                JsonNode display = nextText(back);
                assertThat(display.get("type").asText()).isEqualTo("display_event");
                assertThat(display.get("seq").asLong()).isEqualTo(2);
                assertThat(display.get("text").asText()).isEqualTo("hi");
            }
        }
    }
}
