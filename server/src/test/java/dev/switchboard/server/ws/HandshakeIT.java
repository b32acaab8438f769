package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.WebSocketConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and device admission happen before the upgrade, with a JSON reason. */
class HandshakeIT {

    @TempDir
    Path home;
    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private RawWebSocket handshake(String token) throws Exception {
        return RawWebSocket.open(gateway.port(), "/ws" + (token == null ? "" : "?token=" + token));
    }

    private void assertRefused(RawWebSocket socket, int status, String code) throws Exception {
        try (socket) {
            assertThat(socket.status).isEqualTo(status);
            assertThat(socket.headers).doesNotContainKey("sec-websocket-accept");
            assertThat(socket.headers.get("content-type")).isEqualTo("application/json");
            assertThat(socket.body).contains("\"error\":\"" + code + "\"").contains("\"message\":");
        }
    }

    @Test
    void missingTokenIs401() throws Exception {
        assertRefused(handshake(null), 401, "token_missing");
    }

    @Test
    void malformedTokenIs401() throws Exception {
        assertRefused(handshake("not-a-jwt"), 401, "token_malformed");
    }

    @Test
    void expiredTokenIs401() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String token = new TokenMinter(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8), twoHoursAgo)
                .mint("u", "d", null, Duration.ofMinutes(1));
        assertRefused(handshake(token), 401, "token_expired");
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() throws Exception {
        String token = new TokenMinter("another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC()).mint("u", "d", null, Duration.ofMinutes(1));
        assertRefused(handshake(token), 401, "bad_signature");
    }

    @Test
    void unsignedAlgNoneTokenIs401() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String token = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"u\",\"device_id\":\"d\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".";
        assertRefused(handshake(token), 401, "algorithm_not_allowed");
    }

    @Test
    void bearerHeaderIsAcceptedLikeTheQueryParameter() throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(gateway.port(), "/ws",
                "Authorization: Bearer " + gateway.token("alice", "phone"))) {
            assertThat(socket.status).isEqualTo(101);
            assertThat(socket.readTextContaining("connection_ack").text())
                    .contains("\"userId\":\"alice\"", "\"deviceId\":\"phone\"", "\"sessionId\":", "\"resumeToken\":");
        }
    }

    @Test
    void lineIsClosedWith4002WhenItsTokenExpires() throws Exception {
        String token = new TokenMinter(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC())
                .mint("alice", "phone", null, Duration.ofSeconds(1));
        try (RawWebSocket line = handshake(token)) {
            assertThat(line.status).isEqualTo(101);
            assertThat(line.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4002);
        }
    }

    @Test
    void secondLineOfAConnectedDeviceIs409BeforeUpgrade() throws Exception {
        try (RawWebSocket first = gateway.connect("alice", "phone")) {
            try (RawWebSocket second = handshake(gateway.token("alice", "phone"))) {
                assertThat(second.body).contains("\"silentForSeconds\":", "\"retryAfterSeconds\":");
                // The old line was heard at its handshake, so the heartbeat would close it by the idle timeout.
                assertThat(Integer.parseInt(second.headers.get("retry-after"))).isBetween(1, 61);
            }
            assertRefused(handshake(gateway.token("alice", "phone")), 409, "duplicate_device");
            // The first line is untouched by the refused attempt.
            assertThat(gateway.publish("{\"device\":\"phone\",\"data\":\"still here\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            assertThat(first.readTextContaining("still here").text()).contains("\"seq\":1");
        }
    }

    @Test
    void deviceCanReconnectOnceItsLineClosed() throws Exception {
        gateway.connect("alice", "phone").close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> gateway.node.hub().lineOfDevice("phone").isEmpty());
        try (RawWebSocket again = gateway.connect("alice", "phone")) {
            assertThat(gateway.node.hub().lineOfDevice("phone")).isPresent();
        }
    }

    @Test
    void replacePolicyClosesTheOldLineWith4501() throws Exception {
        gateway.close();
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        gateway = TestGateway.start(home, new WebSocketConfig(d.path(), d.pingInterval(), d.idleTimeout(),
                d.writeTimeout(), d.maxMessageSize(), d.writeBufferLow(), d.writeBufferHigh(), d.maxOutboundBuffer(),
                dev.switchboard.core.hub.DuplicatePolicy.REPLACE, d.maxChannelsPerLine(), d.handshakeTimeout()));
        try (RawWebSocket old = gateway.connect("alice", "phone");
             RawWebSocket fresh = gateway.connect("alice", "phone")) {
            RawWebSocket.Frame close = old.readUntil(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4501);
            assertThat(gateway.publish("{\"device\":\"phone\",\"data\":\"to the new line\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            assertThat(fresh.readTextContaining("to the new line").text()).contains("\"seq\":1");
        }
    }
}
