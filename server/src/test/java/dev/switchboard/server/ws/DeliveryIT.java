package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each target reaches exactly its lines, over real sockets, through the HTTP API. */
class DeliveryIT {

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

    /** Asserts nothing but pings arrives within a short wait. */
    private static void assertNothingArrives(RawWebSocket socket) throws Exception {
        socket.setReadTimeout(300);
        try {
            RawWebSocket.Frame frame = socket.read();
            assertThat(frame.opcode()).as("unexpected frame: " + frame.text()).isEqualTo(RawWebSocket.PING);
        } catch (SocketTimeoutException expected) {
            // nothing arrived: right
        } finally {
            socket.setReadTimeout(10_000);
        }
    }

    @Test
    void deviceTargetReachesThatDeviceAndNoOther() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone");
             RawWebSocket laptop = gateway.connect("alice", "laptop");
             RawWebSocket other = gateway.connect("bob", "tablet")) {
            var response = gateway.publish("{\"device\":\"phone\",\"data\":{\"hello\":\"world\"}}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"delivered\":1}");
            assertThat(phone.readTextContaining("message").text())
                    .isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":{\"hello\":\"world\"}}");
            assertNothingArrives(laptop);
            assertNothingArrives(other);
        }
    }

    @Test
    void absentDeviceIsZeroDeliveredAndReachesNobody() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone")) {
            assertThat(gateway.publish("{\"device\":\"ghost\",\"data\":1}").body()).isEqualTo("{\"delivered\":0}");
            assertNothingArrives(phone);
            assertThat(gateway.node.registry().scrape())
                    .containsPattern("switchboard_messages_undeliverable_total\\{target=\"device\"\\} 1\\.0");
        }
    }

    @Test
    void userTargetFansOutToEveryDeviceOfTheUser() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone");
             RawWebSocket laptop = gateway.connect("alice", "laptop");
             RawWebSocket other = gateway.connect("bob", "tablet")) {
            assertThat(gateway.publish("{\"user\":\"alice\",\"data\":\"hi alice\"}").body())
                    .isEqualTo("{\"delivered\":2}");
            assertThat(phone.readTextContaining("hi alice").text()).contains("\"seq\":1");
            assertThat(laptop.readTextContaining("hi alice").text()).contains("\"seq\":1");
            assertNothingArrives(other);
        }
    }

    @Test
    void channelReachesSubscribersOnly() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone");
             RawWebSocket other = gateway.connect("bob", "tablet")) {
            phone.sendText("{\"type\":\"subscribe\",\"channel\":\"news\",\"id\":\"r1\"}");
            assertThat(phone.readTextContaining("subscribed").text())
                    .isEqualTo("{\"type\":\"subscribed\",\"id\":\"r1\",\"channel\":\"news\"}");

            assertThat(gateway.publish("{\"channel\":\"news\",\"data\":\"headline\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            assertThat(phone.readTextContaining("headline").text()).contains("\"seq\":1");
            assertNothingArrives(other);

            phone.sendText("{\"type\":\"unsubscribe\",\"channel\":\"news\"}");
            phone.readTextContaining("unsubscribed");
            assertThat(gateway.publish("{\"channel\":\"news\",\"data\":\"late\"}").body())
                    .isEqualTo("{\"delivered\":0}");
        }
    }

    @Test
    void broadcastReachesEveryLineWithSequenceNumbersPerLine() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone");
             RawWebSocket other = gateway.connect("bob", "tablet")) {
            gateway.publish("{\"device\":\"phone\",\"data\":\"first\"}");
            assertThat(gateway.publish("{\"broadcast\":true,\"data\":\"all\"}").body()).isEqualTo("{\"delivered\":2}");

            assertThat(phone.readTextContaining("all").text()).isEqualTo("{\"type\":\"message\",\"seq\":2,\"data\":\"all\"}");
            assertThat(other.readTextContaining("all").text()).isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":\"all\"}");
        }
    }

    @Test
    void binaryPayloadArrivesAsABinaryFrameByteForByte() throws Exception {
        byte[] bytes = new byte[70_000]; // past the 16-bit frame length, to cover the long header
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        try (RawWebSocket phone = gateway.connect("alice", "phone")) {
            assertThat(gateway.publish("{\"device\":\"phone\",\"binary\":\""
                    + Base64.getEncoder().encodeToString(bytes) + "\"}").body()).isEqualTo("{\"delivered\":1}");
            assertThat(phone.readUntil(RawWebSocket.BINARY).payload()).isEqualTo(bytes);
        }
    }

    @Test
    void badClientFramesGetErrorsAndTheLineCarriesOn() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone")) {
            phone.sendText("{not json");
            assertThat(phone.readTextContaining("error").text()).contains("\"code\":\"bad_json\"");
            phone.sendText("{\"type\":\"teleport\"}");
            assertThat(phone.readTextContaining("error").text()).contains("\"code\":\"unknown_type\"");
            phone.sendText("{\"type\":\"subscribe\",\"channel\":\"bad channel!\"}");
            assertThat(phone.readTextContaining("error").text()).contains("\"code\":\"invalid_channel\"");
            phone.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
            assertThat(phone.readTextContaining("error").text())
                    .as("binary frames are pairing stream data; unpaired, they are refused, not dropped")
                    .contains("\"type\":\"pair_error\"", "\"code\":\"NOT_PAIRED\"");

            assertThat(gateway.publish("{\"device\":\"phone\",\"data\":\"ok\"}").body()).isEqualTo("{\"delivered\":1}");
            assertThat(phone.readTextContaining("\"ok\"").text()).contains("\"seq\":1");
        }
    }

    @Test
    void publishedDataKeepsEveryDigitAndDuplicateKeysAreRefused() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone")) {
            gateway.publish("{\"device\":\"phone\",\"data\":{\"pi\":3.14159265358979323846264338327950288,"
                    + "\"big\":123456789012345678901234567890,\"tiny\":1.10}}");
            assertThat(phone.readTextContaining("pi").text()).isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":"
                    + "{\"pi\":3.14159265358979323846264338327950288,\"big\":123456789012345678901234567890,"
                    + "\"tiny\":1.10}}");
            var duplicate = gateway.publish("{\"device\":\"phone\",\"data\":{\"a\":1,\"a\":2}}");
            assertThat(duplicate.statusCode()).isEqualTo(400);
            assertThat(duplicate.body()).contains("bad_json", "Duplicate field");
        }
    }

    @Test
    void invalidUtf8TextIsClosedWith1007() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone")) {
            phone.send(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            assertThat(phone.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void apiRefusesMissingOrWrongKeyAndBadBodies() throws Exception {
        assertThat(gateway.api("POST", "/api/v1/publish", "{\"broadcast\":true,\"data\":1}", null).statusCode())
                .isEqualTo(401);
        var wrongKey = gateway.api("POST", "/api/v1/publish", "{\"broadcast\":true,\"data\":1}", "wrong-key-wrong-key");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("api_key_invalid");

        var twoTargets = gateway.publish("{\"device\":\"a\",\"user\":\"b\",\"data\":1}");
        assertThat(twoTargets.statusCode()).isEqualTo(400);
        assertThat(twoTargets.body()).contains("bad_target", "device, user");
        assertThat(gateway.publish("{\"device\":\"a\"}").body()).contains("bad_payload");
        assertThat(gateway.publish("{\"device\":\"a\",\"binary\":\"***\"}").body()).contains("bad_payload");
        assertThat(gateway.publish("not json").body()).contains("bad_json");
        assertThat(gateway.api("GET", "/api/v1/publish", null).statusCode()).isEqualTo(405);
    }

    @Test
    void oversizedBodiesAndUnsupportedWebSocketVersionsGetJsonErrors() throws Exception {
        var tooBig = gateway.publish("{\"device\":\"a\",\"data\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("\"error\":\"request_too_large\"", "http.maxRequestSize");

        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(("GET /ws?token=" + gateway.token("alice", "phone") + " HTTP/1.1\r\n"
                    + "Host: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            StringBuilder answer = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            while (answer.indexOf("}") < 0) { // the JSON body is the last thing sent
                int c = in.read();
                if (c < 0) {
                    break;
                }
                answer.append((char) c);
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13")
                    .contains("\"error\":\"unsupported_version\"");
        }
        assertThat(gateway.node.hub().lineOfDevice("phone")).as("the device slot was given back").isEmpty();
    }

    @Test
    void connectionsAreListedAndCanBeDisconnectedWithAReason() throws Exception {
        try (RawWebSocket phone = gateway.connect("alice", "phone");
             RawWebSocket other = gateway.connect("bob", "tablet")) {
            phone.sendText("{\"type\":\"subscribe\",\"channel\":\"news\"}");
            phone.readTextContaining("subscribed");
            var list = gateway.api("GET", "/api/v1/connections?user=alice", null);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"total\":1", "\"device\":\"phone\"", "\"channels\":[\"news\"]",
                    "\"messagesIn\":1").doesNotContain("tablet");
            String id = gateway.node.hub().lineOfDevice("phone").orElseThrow().id();

            var deleted = gateway.api("DELETE", "/api/v1/connections/" + id + "?reason=maintenance", null);
            assertThat(deleted.statusCode()).isEqualTo(200);
            RawWebSocket.Frame close = phone.readUntil(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4500);
            assertThat(new String(close.payload(), 2, close.payload().length - 2)).isEqualTo("maintenance");

            assertThat(gateway.api("DELETE", "/api/v1/connections?device=tablet", null).statusCode()).isEqualTo(200);
            assertThat(other.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(4500);
            assertThat(gateway.api("DELETE", "/api/v1/connections/nope", null).statusCode()).isEqualTo(404);
        }
    }
}
