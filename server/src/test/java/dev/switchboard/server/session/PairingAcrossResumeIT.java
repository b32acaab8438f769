package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.session.SessionState;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.SessionConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pairing is bound to lines, not sessions: a drop ends it even when the device resumes. The resumed device
 * learns that from its replay (a sequenced {@code pair_ended} {@code disconnected}) instead of believing it is
 * still paired.
 */
class PairingAcrossResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private TestGateway gateway;
    private final List<RawWebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home, config -> config.withSessions(
                new SessionConfig(Duration.ofSeconds(30), 1000, 1 << 20)));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawWebSocket socket : sockets) {
            socket.close();
        }
        gateway.close();
    }

    private RawWebSocket open(String user, String device, String query) throws Exception {
        RawWebSocket socket = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token(user, device) + query);
        sockets.add(socket);
        assertThat(socket.status).as(socket.body).isEqualTo(101);
        socket.setReadTimeout(20_000);
        return socket;
    }

    private static JsonNode next(RawWebSocket socket, String type) throws Exception {
        return JSON.readTree(socket.readTextContaining("\"type\":\"" + type + "\"").text());
    }

    @Test
    void aResumedDeviceIsToldItsPairingEndedWhileItWasAway() throws Exception {
        RawWebSocket desktop = open("alice", "desktop", "");
        next(desktop, "connection_ack");
        RawWebSocket phone = open("alice", "phone", "");
        JsonNode ack = next(phone, "connection_ack");
        desktop.sendText("{\"type\":\"pair_create\"}");
        String code = next(desktop, "pair_code").get("code").asText();
        phone.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        next(phone, "pair_paired");
        next(desktop, "pair_paired");

        phone.close(); // a drop: no close frame, the session is kept
        JsonNode peerEnded = next(desktop, "pair_ended");
        assertThat(peerEnded.get("reason").asText()).isEqualTo("peer_disconnected");
        String sessionId = ack.get("sessionId").asText();
        await().until(() -> gateway.node.sessions().session(sessionId).map(s -> s.state())
                .orElse(null) == SessionState.DISCONNECTING);

        RawWebSocket back = open("alice", "phone", "&resume="
                + URLEncoder.encode(ack.get("resumeToken").asText(), StandardCharsets.UTF_8) + "&lastSeq=0");
        assertThat(next(back, "connection_ack").get("resumed").asBoolean()).isTrue();
        JsonNode replayed = next(back, "pair_ended");
        assertThat(replayed.get("code").asText()).isEqualTo(code);
        assertThat(replayed.get("reason").asText()).isEqualTo("disconnected");
        assertThat(replayed.has("seq")).as("kept in the session's sequence").isTrue();

        back.sendText("{\"type\":\"pair_data\",\"payload\":{\"x\":1}}");
        assertThat(next(back, "pair_error").get("code").asText()).isIn("NOT_PAIRED", "PEER_GONE");
    }

    @Test
    void aResumedDeviceIsToldItsOpenCodeWasWithdrawn() throws Exception {
        RawWebSocket watch = open("bob", "watch", "");
        JsonNode ack = next(watch, "connection_ack");
        watch.sendText("{\"type\":\"pair_create\"}");
        String code = next(watch, "pair_code").get("code").asText();

        watch.close();
        String sessionId = ack.get("sessionId").asText();
        await().until(() -> gateway.node.sessions().session(sessionId).map(s -> s.state())
                .orElse(null) == SessionState.DISCONNECTING);
        RawWebSocket back = open("bob", "watch", "&resume="
                + URLEncoder.encode(ack.get("resumeToken").asText(), StandardCharsets.UTF_8) + "&lastSeq=0");

        JsonNode replayed = next(back, "pair_ended");
        assertThat(replayed.get("code").asText()).isEqualTo(code);
        assertThat(replayed.get("reason").asText()).isEqualTo("disconnected");
        RawWebSocket other = open("bob", "phone", "");
        other.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        assertThat(next(other, "pair_error").get("code").asText()).as("the code really is gone")
                .isEqualTo("INVALID_CODE");
    }
}
