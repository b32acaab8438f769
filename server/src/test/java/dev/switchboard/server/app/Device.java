package dev.switchboard.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A device line that knows its session id and reads typed frames. */
final class Device implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    final RawWebSocket socket;
    final String sessionId;

    Device(TestGateway gateway, String user, String device) throws IOException {
        socket = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token(user, device));
        if (socket.status != 101) {
            throw new IllegalStateException("expected 101, got " + socket.status + " " + socket.body);
        }
        JsonNode ack = json.readTree(socket.readTextContaining("connection_ack").text());
        sessionId = ack.get("sessionId").asText();
    }

    /** The next text frame of {@code type} (others are skipped). */
    JsonNode next(String type) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = socket.read();
            if (frame.opcode() == RawWebSocket.CLOSE) {
                throw new IOException("closed with " + frame.closeCode() + " while waiting for " + type);
            }
            if (frame.opcode() == RawWebSocket.TEXT) {
                JsonNode message = json.readTree(frame.text());
                if (type.equals(message.path("type").asText())) {
                    return message;
                }
            }
        }
    }

    /** The next app_state frame for a package in {@code state}, skipping other states. */
    JsonNode state(String packageName, String state) throws IOException {
        while (true) {
            JsonNode message = next("app_state");
            if (message.path("packageName").asText().equals(packageName)
                    && message.path("state").asText().equals(state)) {
                return message;
            }
        }
    }

    void send(String text) throws IOException {
        socket.sendText(text);
    }

    void start(String packageName) throws IOException {
        send("{\"type\":\"app_start\",\"packageName\":" + AppClient.quote(packageName) + "}");
    }

    void stream(String stream, String data) throws IOException {
        send("{\"type\":\"stream\",\"stream\":" + AppClient.quote(stream) + ",\"data\":" + data + "}");
    }

    void audio(byte[] bytes) throws IOException {
        socket.send(RawWebSocket.BINARY, bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
