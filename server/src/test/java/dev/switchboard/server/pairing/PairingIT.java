package dev.switchboard.server.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.PairingConfig;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.config.WebSocketConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real WebSocket lines pair with a code and relay through the gateway. */
class PairingIT {

    private final ObjectMapper json = dev.switchboard.server.Json.mapper();
    @TempDir
    Path home;
    private TestGateway gateway;
    private final List<RawWebSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawWebSocket socket : sockets) {
            socket.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestGateway start(PairingConfig pairing) throws Exception {
        gateway = TestGateway.start(home, WebSocketConfig.DEFAULT, pairing);
        return gateway;
    }

    private RawWebSocket line(String user, String device) throws IOException {
        RawWebSocket socket = gateway.connect(user, device);
        sockets.add(socket);
        return socket;
    }

    private JsonNode next(RawWebSocket socket, String type) throws IOException {
        return json.readTree(socket.readTextContaining("\"type\":\"" + type + "\"").text());
    }

    private String create(RawWebSocket creator) throws IOException {
        creator.sendText("{\"type\":\"pair_create\"}");
        return next(creator, "pair_code").get("code").asText();
    }

    private String pair(RawWebSocket creator, RawWebSocket joiner) throws IOException {
        String code = create(creator);
        joiner.sendText("{\"type\":\"pair_join\",\"code\":\"  " + code.toLowerCase() + " \"}");
        assertThat(next(joiner, "pair_paired").get("code").asText()).isEqualTo(code);
        assertThat(next(creator, "pair_paired").get("code").asText()).isEqualTo(code);
        return code;
    }

    private String errorCode(RawWebSocket socket) throws IOException {
        return next(socket, "pair_error").get("code").asText();
    }

    @Test
    void createJoinPairsBothSidesAndCodesAreSingleUse() throws Exception {
        start(PairingConfig.DEFAULT);
        RawWebSocket desktop = line("alice", "desktop");
        RawWebSocket phone = line("alice", "phone");
        desktop.sendText("{\"type\":\"pair_create\"}");
        JsonNode codeFrame = next(desktop, "pair_code");
        String code = codeFrame.get("code").asText();
        assertThat(code).hasSize(4).matches("[A-Z2-9]{4}").doesNotContainPattern("[01OIL]");
        assertThat(codeFrame.get("expiresAt").asText()).isNotBlank();

        phone.sendText("{\"type\":\"pair_join\",\"code\":\" " + code.toLowerCase() + " \"}");
        JsonNode phoneSide = next(phone, "pair_paired");
        JsonNode desktopSide = next(desktop, "pair_paired");
        assertThat(phoneSide.get("peer").get("device").asText()).isEqualTo("desktop");
        assertThat(desktopSide.get("peer").get("device").asText()).isEqualTo("phone");

        RawWebSocket late = line("bob", "tablet");
        late.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        assertThat(errorCode(late)).as("single use, and indistinguishable from unknown").isEqualTo("INVALID_CODE");
        late.sendText("{\"type\":\"pair_join\",\"code\":\"ZZZZ\"}");
        assertThat(errorCode(late)).isEqualTo("INVALID_CODE");
    }

    @Test
    void jsonAndBinaryRelayBothWaysInOrderUnderABurst() throws Exception {
        start(PairingConfig.DEFAULT);
        RawWebSocket desktop = line("alice", "desktop");
        RawWebSocket phone = line("alice", "phone");
        pair(desktop, phone);
        int burst = 10_000;

        CompletableFuture<Void> toPhone = CompletableFuture.runAsync(() -> sendBurst(desktop, burst));
        CompletableFuture<Void> toDesktop = CompletableFuture.runAsync(() -> sendBurst(phone, burst));
        receiveBurst(phone, burst);
        receiveBurst(desktop, burst);
        toPhone.get(30, TimeUnit.SECONDS);
        toDesktop.get(30, TimeUnit.SECONDS);

        // WebRTC-style signalling passes through untouched.
        desktop.sendText("{\"type\":\"pair_data\",\"payload\":{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2\"},"
                + "\"ice\":[{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 9 typ host\",\"sdpMLineIndex\":0}],"
                + "\"pi\":3.14159265358979323846}}");
        JsonNode offer = next(phone, "pair_data").get("payload");
        assertThat(offer.get("sdp").get("sdp").asText()).isEqualTo("v=0\r\no=- 1 2");
        assertThat(offer.get("ice").get(0).get("sdpMLineIndex").asInt()).isZero();
        assertThat(offer.get("pi").toString()).isEqualTo("3.14159265358979323846");
    }

    private static void sendBurst(RawWebSocket from, int burst) {
        try {
            for (int i = 0; i < burst; i++) {
                if (i % 2 == 0) {
                    from.sendText("{\"type\":\"pair_data\",\"payload\":{\"i\":" + i + "}}");
                } else {
                    from.send(RawWebSocket.BINARY, ByteBuffer.allocate(4).putInt(i).array());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void receiveBurst(RawWebSocket to, int burst) throws IOException {
        int expected = 0;
        while (expected < burst) {
            RawWebSocket.Frame frame = to.read();
            if (frame.opcode() == RawWebSocket.TEXT && frame.text().contains("pair_data")) {
                assertThat(json.readTree(frame.text()).get("payload").get("i").asInt()).isEqualTo(expected++);
            } else if (frame.opcode() == RawWebSocket.BINARY) {
                assertThat(ByteBuffer.wrap(frame.payload()).getInt()).isEqualTo(expected++);
            }
        }
    }

    @Test
    void expiredCodeIsRefusedAndTheCreatorIsTold() throws Exception {
        start(new PairingConfig(4, Duration.ofSeconds(1), 3, 1, 10));
        RawWebSocket desktop = line("alice", "desktop");
        RawWebSocket phone = line("alice", "phone");
        String code = create(desktop);

        assertThat(next(desktop, "pair_error").get("code").asText()).isEqualTo("EXPIRED");
        phone.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        assertThat(errorCode(phone)).isEqualTo("INVALID_CODE");
        assertThat(gateway.node.pairing().list()).isEmpty();
    }

    @Test
    void selfJoinAndRateLimitingAreRefused() throws Exception {
        start(new PairingConfig(4, Duration.ofMinutes(2), 3, 1, 3));
        RawWebSocket desktop = line("alice", "desktop");
        String code = create(desktop);
        desktop.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        assertThat(errorCode(desktop)).isEqualTo("SELF_JOIN");

        RawWebSocket guesser = line("mallory", "bot");
        for (int i = 0; i < 2; i++) {
            guesser.sendText("{\"type\":\"pair_join\",\"code\":\"QQQQ\"}");
            assertThat(errorCode(guesser)).isEqualTo("INVALID_CODE");
        }
        guesser.sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        assertThat(errorCode(guesser)).as("limited per address: the desktop's attempt counted too")
                .isEqualTo("RATE_LIMITED");
    }

    @Test
    void leavingAndDroppingTellThePeerAtOnceAndLaterDataGetsPeerGone() throws Exception {
        start(PairingConfig.DEFAULT);
        RawWebSocket desktop = line("alice", "desktop");
        RawWebSocket phone = line("alice", "phone");
        pair(desktop, phone);
        phone.sendText("{\"type\":\"pair_leave\"}");
        assertThat(next(desktop, "pair_ended").get("reason").asText()).isEqualTo("peer_left");

        RawWebSocket tablet = line("alice", "tablet");
        pair(desktop, tablet);
        tablet.close(); // drops without a word
        assertThat(next(desktop, "pair_ended").get("reason").asText()).isEqualTo("peer_disconnected");

        desktop.sendText("{\"type\":\"pair_data\",\"payload\":\"anyone?\"}");
        assertThat(errorCode(desktop)).isEqualTo("PEER_GONE");
    }

    @Test
    void operatorsListAndClosePairingsAndNothingIsLeftAfterBothSidesClose() throws Exception {
        start(PairingConfig.DEFAULT);
        RawWebSocket desktop = line("alice", "desktop");
        RawWebSocket phone = line("alice", "phone");
        String code = pair(desktop, phone);

        var list = gateway.api("GET", "/api/v1/pairings", null);
        assertThat(list.body()).contains("\"code\":\"" + code + "\"", "\"state\":\"paired\"", "\"device\":\"phone\"");
        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")))) {
            JsonNode listed = control.call("pairing.list", null);
            assertThat(listed.get("total").asInt()).isEqualTo(1);
            assertThat(listed.get("pairings").get(0).get("code").asText()).isEqualTo(code);
        }
        assertThat(gateway.api("DELETE", "/api/v1/pairings/" + code, null).statusCode()).isEqualTo(200);
        assertThat(next(desktop, "pair_ended").get("reason").asText()).isEqualTo("closed_by_operator");
        assertThat(next(phone, "pair_ended").get("reason").asText()).isEqualTo("closed_by_operator");
        assertThat(gateway.api("DELETE", "/api/v1/pairings/" + code, null).statusCode()).isEqualTo(404);

        pair(desktop, phone);
        RawWebSocket laptop = line("alice", "laptop");
        create(laptop); // an open code too
        desktop.close();
        phone.close();
        laptop.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.node.hub().lineCount() == 0);
        assertThat(gateway.node.pairing().list()).as("store empty").isEmpty();
        assertThat(gateway.node.pairing().activePairings()).isZero();
        assertThat(gateway.node.pairing().openCodes()).isZero();
    }

    @Test
    void aThousandPairingsRelayAtOnce() throws Exception {
        start(new PairingConfig(6, Duration.ofMinutes(2), 3, 1, 10_000));
        int pairs = 1_000;
        List<RawWebSocket[]> pairings = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            RawWebSocket a = line("u" + i, "a" + i);
            RawWebSocket b = line("u" + i, "b" + i);
            a.sendText("{\"type\":\"pair_create\"}");
            pairings.add(new RawWebSocket[] {a, b});
        }
        for (RawWebSocket[] pair : pairings) {
            String code = next(pair[0], "pair_code").get("code").asText();
            pair[1].sendText("{\"type\":\"pair_join\",\"code\":\"" + code + "\"}");
        }
        for (RawWebSocket[] pair : pairings) {
            next(pair[0], "pair_paired");
            next(pair[1], "pair_paired");
        }
        for (int i = 0; i < pairs; i++) {
            pairings.get(i)[0].sendText("{\"type\":\"pair_data\",\"payload\":" + i + "}");
        }
        for (int i = 0; i < pairs; i++) {
            assertThat(next(pairings.get(i)[1], "pair_data").get("payload").asInt()).isEqualTo(i);
        }
        assertThat(gateway.node.pairing().activePairings()).isEqualTo(pairs);
    }
}
