package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.core.session.SessionState;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.SessionConfig;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator ends a session ({@code DELETE /api/v1/sessions/{id}}, {@code session.end}), connected or parked. */
class SessionEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;
    private TestGateway gateway;
    private final List<RawWebSocket> sockets = new ArrayList<>();
    /** Session ids in the order the disposal listeners saw them (the apps feature stops apps there). */
    private final List<String> disposed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // A long grace: a session that goes away during a test went because it was ended, not because it expired.
        gateway = TestGateway.start(home, config -> config.withSessions(
                new SessionConfig(Duration.ofMinutes(5), 1000, 1 << 20)));
        gateway.node.sessions().onSessionDisposed(session -> disposed.add(session.id()));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawWebSocket socket : sockets) {
            socket.close();
        }
        gateway.close();
    }

    private JsonNode connect(String user, String device) throws Exception {
        RawWebSocket socket = open(user, device, "");
        assertThat(socket.status).as(socket.body).isEqualTo(101);
        return JSON.readTree(socket.readTextContaining("connection_ack").text());
    }

    private RawWebSocket open(String user, String device, String query) throws Exception {
        RawWebSocket socket = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token(user, device) + query);
        sockets.add(socket);
        if (socket.status == 101) {
            socket.setReadTimeout(20_000);
        }
        return socket;
    }

    private RawWebSocket resume(String user, String device, String token) throws Exception {
        return open(user, device, "&resume=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&lastSeq=0");
    }

    private boolean listed(String sessionId) {
        return gateway.node.sessions().list().stream().anyMatch(s -> s.id().equals(sessionId));
    }

    @Test
    void deletingAConnectedSessionClosesItsLineWith4500AndDisposesItAtOnce() throws Exception {
        JsonNode ack = connect("alice", "glasses");
        RawWebSocket line = sockets.get(0);
        String id = ack.get("sessionId").asText();

        HttpResponse<String> response = gateway.api("DELETE", "/api/v1/sessions/" + id + "?reason=maintenance", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("ended").asBoolean()).isTrue();
        // Disposed before the answer: not parked for the grace as a dropped line would be.
        assertThat(listed(id)).isFalse();
        assertThat(disposed).containsExactly(id);
        RawWebSocket.Frame close = line.readUntil(RawWebSocket.CLOSE);
        assertThat(close.closeCode()).isEqualTo(4500);
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                .isEqualTo("maintenance");
        await().atMost(WAIT).until(() -> gateway.node.hub().lineCount() == 0);
        assertThat(gateway.node.sessions().size()).isZero();
        RawWebSocket late = resume("alice", "glasses", ack.get("resumeToken").asText());
        assertThat(late.status).isEqualTo(410);
        assertThat(disposed).containsExactly(id);
    }

    @Test
    void endingASessionWaitingOutItsGraceDisposesItAndItsTokenIsRefused() throws Exception {
        JsonNode ack = connect("alice", "glasses");
        String id = ack.get("sessionId").asText();
        sockets.get(0).close(); // a drop: the session is kept for the grace
        await().atMost(WAIT).until(() -> gateway.node.sessions().list().stream()
                .anyMatch(s -> s.id().equals(id) && s.state() == SessionState.DISCONNECTING));

        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")))) {
            JsonNode result = control.call("session.end", Map.of("id", id, "reason", "user deleted"));
            assertThat(result.get("ended").asBoolean()).isTrue();
        }

        assertThat(listed(id)).isFalse();
        assertThat(disposed).containsExactly(id);
        RawWebSocket late = resume("alice", "glasses", ack.get("resumeToken").asText());
        assertThat(late.status).isEqualTo(410);
        assertThat(late.body).contains("resume_unknown");
        assertThat(gateway.node.registry().get("switchboard.sessions.disposed").tag("reason", "closed_by_operator")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void anUnknownSessionIsNotFoundThroughBothDoors() throws Exception {
        HttpResponse<String> response = gateway.api("DELETE", "/api/v1/sessions/nope", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not_found");
        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")))) {
            assertThatThrownBy(() -> control.call("session.end", Map.of("id", "nope")))
                    .isInstanceOfSatisfying(ControlCallException.class, e -> assertThat(e.code()).isEqualTo(-32002));
            assertThatThrownBy(() -> control.call("session.end", Map.of()))
                    .isInstanceOfSatisfying(ControlCallException.class, e -> assertThat(e.code()).isEqualTo(-32602));
        }
        assertThat(disposed).isEmpty();
    }
}
