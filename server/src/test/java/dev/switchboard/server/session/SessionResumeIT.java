package dev.switchboard.server.session;

import java.time.Clock;
import dev.switchboard.core.auth.TokenMinter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.core.hub.DuplicatePolicy;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import dev.switchboard.core.session.SessionHandle;
import dev.switchboard.core.session.SessionState;
import dev.switchboard.core.session.SessionView;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.SessionConfig;
import dev.switchboard.server.config.WebSocketConfig;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import dev.switchboard.server.config.SwitchboardConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session outlives a dropped device line: resume with its token, gap-free replay by seq, disposal after grace. */
class SessionResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;
    private TestGateway gateway;
    private final List<RawWebSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawWebSocket socket : sockets) {
            socket.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(Duration grace, int maxMessages, long maxBytes) throws Exception {
        start(config -> config.withSessions(new SessionConfig(grace, maxMessages, maxBytes)));
    }

    private void start(UnaryOperator<SwitchboardConfig> tweak) throws Exception {
        gateway = TestGateway.start(home, tweak);
    }

    /** A device line and its connection_ack. */
    private record Device(RawWebSocket socket, JsonNode ack) {
        String sessionId() {
            return ack.get("sessionId").asText();
        }

        String resumeToken() {
            return ack.get("resumeToken").asText();
        }
    }

    private Device connect(String user, String device) throws Exception {
        return open(user, device, "");
    }

    private Device resume(String user, String device, String token, long lastSeq) throws Exception {
        return open(user, device, "&resume=" + enc(token) + "&lastSeq=" + lastSeq);
    }

    private Device open(String user, String device, String query) throws Exception {
        RawWebSocket socket = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token(user, device) + query);
        sockets.add(socket);
        assertThat(socket.status).as("upgrade of %s/%s: %s", user, device, socket.body).isEqualTo(101);
        socket.setReadTimeout(20_000);
        JsonNode ack = JSON.readTree(socket.readTextContaining("connection_ack").text());
        return new Device(socket, ack);
    }

    private RawWebSocket refusedResume(String user, String device, String token, long lastSeq) throws Exception {
        RawWebSocket socket = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token(user, device)
                + "&resume=" + enc(token) + "&lastSeq=" + lastSeq);
        sockets.add(socket);
        return socket;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode next(RawWebSocket socket) throws Exception {
        while (true) {
            RawWebSocket.Frame frame = socket.read();
            if (frame.opcode() == RawWebSocket.TEXT) {
                return JSON.readTree(frame.text());
            }
            if (frame.opcode() == RawWebSocket.CLOSE) {
                throw new java.io.EOFException("closed with " + frame.closeCode());
            }
        }
    }

    /** Reads the next sequenced frame (skipping replies). */
    private static JsonNode nextSequenced(RawWebSocket socket) throws Exception {
        while (true) {
            JsonNode frame = next(socket);
            if (frame.has("seq")) {
                return frame;
            }
        }
    }

    private SessionView session(String id) {
        return gateway.node.sessions().list().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    private void awaitState(String sessionId, SessionState state) {
        await().atMost(WAIT).until(() -> {
            SessionView view = session(sessionId);
            return view != null && view.state() == state;
        });
    }

    private void publish(String body) throws Exception {
        HttpResponse<String> response = gateway.publish(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void dropAndResumeReplaysWhatWasMissedInOrderThenCarriesOn() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device first = connect("alice", "glasses");
        assertThat(first.ack().get("resumed").asBoolean()).isFalse();
        assertThat(first.resumeToken()).startsWith(first.sessionId() + ".");
        first.socket().sendText("{\"type\":\"subscribe\",\"channel\":\"news\",\"id\":1}");
        first.socket().readTextContaining("subscribed");
        for (int i = 1; i <= 3; i++) {
            publish("{\"device\":\"glasses\",\"data\":{\"n\":" + i + "}}");
            assertThat(nextSequenced(first.socket()).get("seq").asLong()).isEqualTo(i);
        }

        first.socket().close(); // a drop: no close frame
        awaitState(first.sessionId(), SessionState.DISCONNECTING);
        assertThat(session(first.sessionId()).disconnectedAt()).isNotNull();
        publish("{\"device\":\"glasses\",\"data\":{\"n\":4}}");
        publish("{\"user\":\"alice\",\"data\":{\"n\":5}}");
        publish("{\"channel\":\"news\",\"data\":{\"n\":6}}");
        publish("{\"broadcast\":true,\"data\":{\"n\":7}}");
        await().atMost(WAIT).until(() -> session(first.sessionId()).lastSeq() == 7);

        Device second = resume("alice", "glasses", first.resumeToken(), 3);
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(second.ack().get("resumed").asBoolean()).isTrue();
        assertThat(second.ack().get("recovered").asBoolean()).isTrue();
        assertThat(second.resumeToken()).isNotEqualTo(first.resumeToken());
        for (int i = 4; i <= 7; i++) {
            JsonNode frame = nextSequenced(second.socket());
            assertThat(frame.get("seq").asLong()).isEqualTo(i);
            assertThat(frame.get("data").get("n").asInt()).isEqualTo(i);
        }
        // The channel membership came back with the session.
        publish("{\"channel\":\"news\",\"data\":{\"n\":8}}");
        JsonNode eighth = nextSequenced(second.socket());
        assertThat(eighth.get("seq").asLong()).isEqualTo(8);
        assertThat(eighth.get("data").get("n").asInt()).isEqualTo(8);
        SessionView view = session(first.sessionId());
        assertThat(view.state()).isEqualTo(SessionState.CONNECTED);
        assertThat(view.lineId()).isEqualTo(second.ack().get("connectionId").asText());
        assertThat(view.disconnectedAt()).isNull();
        assertThat(gateway.node.registry().get("switchboard.sessions.resumes").tag("recovered", "true").counter()
                .count()).isEqualTo(1.0);
    }

    @Test
    void messagesPublishedWhileResumingArriveOnceInOrderWithoutGaps() throws Exception {
        start(Duration.ofSeconds(30), 100_000, 64L << 20);
        Device first = connect("alice", "glasses");
        int total = 4000;
        AtomicInteger published = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            try {
                for (int n = 1; n <= total; n++) {
                    gateway.node.hub().publish(Target.device("glasses"), Message.json("{\"n\":" + n + "}"));
                    published.set(n);
                    if (n % 5 == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (Exception e) {
                failed.set(true);
            }
        }, "test-publisher");
        publisher.start();
        long lastSeq = 0;
        while (lastSeq < 300) {
            lastSeq = nextSequenced(first.socket()).get("seq").asLong();
        }
        first.socket().close();
        awaitState(first.sessionId(), SessionState.DISCONNECTING);
        // Resume while the publisher is (very likely) still going: replay and live messages must interleave right.
        Device second = resume("alice", "glasses", first.resumeToken(), lastSeq);
        assertThat(second.ack().get("recovered").asBoolean()).isTrue();
        long expected = lastSeq + 1;
        while (expected <= total) {
            JsonNode frame = nextSequenced(second.socket());
            assertThat(frame.get("seq").asLong()).as("no gap, no reorder, no duplicate").isEqualTo(expected);
            assertThat(frame.get("data").get("n").asLong()).isEqualTo(expected);
            expected++;
        }
        publisher.join();
        assertThat(failed).isFalse();
    }

    @Test
    void resumeAfterTheBufferOverflowedSaysNotRecovered() throws Exception {
        start(Duration.ofSeconds(30), 3, 1 << 20);
        Device first = connect("alice", "glasses");
        first.socket().close();
        awaitState(first.sessionId(), SessionState.DISCONNECTING);
        for (int i = 1; i <= 5; i++) {
            publish("{\"device\":\"glasses\",\"data\":{\"n\":" + i + "}}");
        }
        await().atMost(WAIT).until(() -> session(first.sessionId()).lastSeq() == 5);
        Device second = resume("alice", "glasses", first.resumeToken(), 0);
        assertThat(second.ack().get("resumed").asBoolean()).isTrue();
        assertThat(second.ack().get("recovered").asBoolean()).as("seq 1 and 2 were evicted").isFalse();
        assertThat(second.ack().get("replayed").asInt()).isEqualTo(3);
        assertThat(nextSequenced(second.socket()).get("seq").asLong()).isEqualTo(3);
        assertThat(nextSequenced(second.socket()).get("seq").asLong()).isEqualTo(4);
        assertThat(nextSequenced(second.socket()).get("seq").asLong()).isEqualTo(5);
        assertThat(gateway.node.registry().get("switchboard.sessions.resumes").tag("recovered", "false").counter()
                .count()).isEqualTo(1.0);
    }

    @Test
    void deviceThatDoesNotComeBackIsDisposedAndNothingIsLeftBehind() throws Exception {
        start(Duration.ofMillis(300), 1000, 1 << 20);
        List<SessionHandle> disposed = new CopyOnWriteArrayList<>();
        gateway.node.sessions().onSessionDisposed(disposed::add);
        Device device = connect("alice", "glasses");
        device.socket().sendText("{\"type\":\"subscribe\",\"channel\":\"news\"}");
        device.socket().readTextContaining("subscribed");
        device.socket().close();
        await().atMost(WAIT).until(() -> disposed.size() == 1);
        assertThat(disposed.get(0).id()).isEqualTo(device.sessionId());
        assertThat(disposed.get(0).active()).isFalse();
        assertThat(disposed.get(0).sendToDevice("{\"type\":\"late\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(gateway.node.sessions().size()).isZero();
        assertThat(gateway.node.sessions().find(device.sessionId())).isEmpty();
        assertThat(gateway.node.hub().endpointCount()).isZero();
        assertThat(gateway.node.hub().lineCount()).isZero();
        assertThat(gateway.node.hub().channelCount()).isZero();
        assertThat(gateway.node.hub().subscriberCount("news")).isZero();
        assertThat(gateway.node.hub().publish(Target.device("glasses"), Message.json("1"))).isZero();
        try (RawWebSocket late = refusedResume("alice", "glasses", device.resumeToken(), 0)) {
            assertThat(late.status).isEqualTo(410);
            assertThat(late.body).contains("\"error\":\"resume_unknown\"");
        }
        assertThat(gateway.node.registry().get("switchboard.sessions.disposed").tag("reason", "grace_expired")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void normalCloseByTheDeviceEndsTheSessionAtOnce() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        List<SessionHandle> disposed = new CopyOnWriteArrayList<>();
        gateway.node.sessions().onSessionDisposed(disposed::add);
        Device device = connect("alice", "glasses");
        device.socket().send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
        await().atMost(WAIT).until(() -> disposed.size() == 1);
        assertThat(gateway.node.sessions().size()).isZero();
        try (RawWebSocket late = refusedResume("alice", "glasses", device.resumeToken(), 0)) {
            assertThat(late.status).isEqualTo(410);
        }
    }

    @Test
    void resumeTokenOfAnotherUserOrDeviceIsRefusedAndStaysUsableByItsOwner() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device device = connect("alice", "glasses");
        device.socket().close();
        awaitState(device.sessionId(), SessionState.DISCONNECTING);
        try (RawWebSocket otherUser = refusedResume("bob", "glasses", device.resumeToken(), 0)) {
            assertThat(otherUser.status).isEqualTo(403);
            assertThat(otherUser.body).contains("\"error\":\"resume_forbidden\"");
        }
        try (RawWebSocket otherDevice = refusedResume("alice", "phone", device.resumeToken(), 0)) {
            assertThat(otherDevice.status).isEqualTo(403);
        }
        String forged = device.sessionId() + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        try (RawWebSocket wrongSecret = refusedResume("alice", "glasses", forged, 0)) {
            assertThat(wrongSecret.status).isEqualTo(410);
        }
        try (RawWebSocket ahead = refusedResume("alice", "glasses", device.resumeToken(), 99)) {
            assertThat(ahead.status).isEqualTo(400);
            assertThat(ahead.body).contains("\"error\":\"bad_last_seq\"");
        }
        try (RawWebSocket malformed = RawWebSocket.open(gateway.port(), "/ws?token="
                + gateway.token("alice", "glasses") + "&resume=" + enc(device.resumeToken()) + "&lastSeq=x")) {
            assertThat(malformed.status).isEqualTo(400);
            assertThat(malformed.body).contains("\"error\":\"bad_resume\"");
        }
        Device back = resume("alice", "glasses", device.resumeToken(), 0);
        assertThat(back.sessionId()).isEqualTo(device.sessionId());
    }

    @Test
    void everyResumeRotatesTheTokenAndTheOldOneIsRefused() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device first = connect("alice", "glasses");
        first.socket().close();
        awaitState(first.sessionId(), SessionState.DISCONNECTING);
        Device second = resume("alice", "glasses", first.resumeToken(), 0);
        second.socket().close();
        awaitState(first.sessionId(), SessionState.DISCONNECTING);
        try (RawWebSocket stale = refusedResume("alice", "glasses", first.resumeToken(), 0)) {
            assertThat(stale.status).isEqualTo(410);
        }
        Device third = resume("alice", "glasses", second.resumeToken(), 0);
        assertThat(third.sessionId()).isEqualTo(first.sessionId());
        assertThat(session(first.sessionId()).resumes()).isEqualTo(2);
    }

    @Test
    void resumeWhileTheOldLineIsStillOpenTakesTheSessionOver() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device old = connect("alice", "glasses");
        publish("{\"device\":\"glasses\",\"data\":\"one\"}");
        assertThat(nextSequenced(old.socket()).get("seq").asLong()).isEqualTo(1);
        Device fresh = resume("alice", "glasses", old.resumeToken(), 1);
        assertThat(fresh.sessionId()).isEqualTo(old.sessionId());
        assertThat(old.socket().readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4501);
        publish("{\"device\":\"glasses\",\"data\":\"two\"}");
        assertThat(nextSequenced(fresh.socket()).get("seq").asLong()).isEqualTo(2);
        awaitState(old.sessionId(), SessionState.CONNECTED);
        assertThat(gateway.node.sessions().size()).isEqualTo(1);
    }

    @Test
    void silentLineClosedByTheHeartbeatKeepsItsSessionForResume() throws Exception {
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        start(config -> config.withSessions(new SessionConfig(Duration.ofSeconds(30), 1000, 1 << 20))
                .withWebsocket(new WebSocketConfig("/ws", Duration.ofMillis(100), Duration.ofMillis(400),
                        d.writeTimeout(), d.maxMessageSize(), d.writeBufferLow(), d.writeBufferHigh(),
                        d.maxOutboundBuffer(), DuplicatePolicy.REJECT, 64, d.handshakeTimeout())));
        Device device = connect("alice", "glasses");
        // RawWebSocket answers no pings: the heartbeat closes the line with 4000.
        assertThat(device.socket().readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4000);
        awaitState(device.sessionId(), SessionState.DISCONNECTING);
        Device back = resume("alice", "glasses", device.resumeToken(), 0);
        assertThat(back.ack().get("resumed").asBoolean()).isTrue();
    }

    @Test
    void lineClosedForAnExpiredTokenKeepsItsSessionForAResumeWithAFreshToken() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        String shortLived = new TokenMinter(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC())
                .mint("alice", "glasses", null, Duration.ofSeconds(1));
        RawWebSocket socket = RawWebSocket.open(gateway.port(), "/ws?token=" + shortLived);
        sockets.add(socket);
        assertThat(socket.status).isEqualTo(101);
        JsonNode ack = JSON.readTree(socket.readTextContaining("connection_ack").text());
        assertThat(socket.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4002);
        awaitState(ack.get("sessionId").asText(), SessionState.DISCONNECTING);
        publish("{\"device\":\"glasses\",\"data\":{\"n\":1}}");

        Device back = resume("alice", "glasses", ack.get("resumeToken").asText(), 0);
        assertThat(back.sessionId()).isEqualTo(ack.get("sessionId").asText());
        assertThat(back.ack().get("resumed").asBoolean()).isTrue();
        assertThat(nextSequenced(back.socket()).get("data").get("n").asInt()).isEqualTo(1);
    }

    @Test
    void userAndDeviceIdsWithDashesAndColonsResume() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device first = connect("org-1:alice-b", "glasses:left-2");
        first.socket().close();
        awaitState(first.sessionId(), SessionState.DISCONNECTING);
        publish("{\"user\":\"org-1:alice-b\",\"data\":\"hi\"}");
        Device second = resume("org-1:alice-b", "glasses:left-2", first.resumeToken(), 0);
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(nextSequenced(second.socket()).get("data").asText()).isEqualTo("hi");
        SessionView view = session(first.sessionId());
        assertThat(view.userId()).isEqualTo("org-1:alice-b");
        assertThat(view.deviceId()).isEqualTo("glasses:left-2");
        assertThat(gateway.node.sessions().find(first.sessionId()).orElseThrow().userId()).isEqualTo("org-1:alice-b");
    }

    @Test
    void acksTrimTheReplayBufferAndAnAckBeyondTheLastSeqIsAnError() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device device = connect("alice", "glasses");
        for (int i = 1; i <= 5; i++) {
            publish("{\"device\":\"glasses\",\"data\":" + i + "}");
            nextSequenced(device.socket());
        }
        assertThat(session(device.sessionId()).bufferedMessages()).isEqualTo(5);
        device.socket().sendText("{\"type\":\"ack\",\"seq\":3}");
        await().atMost(WAIT).until(() -> session(device.sessionId()).bufferedMessages() == 2);
        assertThat(session(device.sessionId()).ackedSeq()).isEqualTo(3);
        device.socket().sendText("{\"type\":\"ack\",\"seq\":9,\"id\":\"a\"}");
        JsonNode error = next(device.socket());
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).isEqualTo("bad_ack");
        // Resuming after the acked seq replays only what was not acknowledged.
        device.socket().close();
        awaitState(device.sessionId(), SessionState.DISCONNECTING);
        Device back = resume("alice", "glasses", device.resumeToken(), 3);
        assertThat(back.ack().get("recovered").asBoolean()).isTrue();
        assertThat(nextSequenced(back.socket()).get("seq").asLong()).isEqualTo(4);
    }

    @Test
    void sessionsAreListedByApiControlAndMetrics() throws Exception {
        start(Duration.ofSeconds(30), 1000, 1 << 20);
        Device device = connect("alice", "glasses");
        publish("{\"device\":\"glasses\",\"data\":1}");
        nextSequenced(device.socket());
        HttpResponse<String> listing = gateway.api("GET", "/api/v1/sessions?user=alice", null);
        assertThat(listing.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(listing.body());
        assertThat(body.get("total").asInt()).isEqualTo(1);
        JsonNode view = body.get("sessions").get(0);
        assertThat(view.get("id").asText()).isEqualTo(device.sessionId());
        assertThat(view.get("state").asText()).isEqualTo("CONNECTED");
        assertThat(view.get("lastSeq").asLong()).isEqualTo(1);
        assertThat(view.get("bufferedMessages").asInt()).isEqualTo(1);
        assertThat(view.get("lineId").asText()).isEqualTo(device.ack().get("connectionId").asText());
        assertThat(view.get("apps").isArray()).isTrue();
        assertThat(java.time.Instant.parse(view.get("lineLastSeenAt").asText())).isBefore(java.time.Instant.now());
        assertThat(JSON.readTree(gateway.api("GET", "/api/v1/sessions?user=bob", null).body()).get("total").asInt())
                .isZero();
        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")))) {
            JsonNode viaControl = control.call("session.list", java.util.Map.of("device", "glasses"));
            assertThat(viaControl.get("total").asInt()).isEqualTo(1);
            assertThat(viaControl.get("sessions").get(0).get("id").asText()).isEqualTo(device.sessionId());
            assertThat(viaControl.get("sessions").get(0).get("state").asText()).isEqualTo("CONNECTED");
        }
        String metrics = gateway.api("GET", "/metrics", null).body();
        assertThat(metrics).contains("switchboard_sessions{state=\"CONNECTED\"} 1.0")
                .contains("switchboard_sessions{state=\"DISCONNECTING\"} 0.0");
    }
}
