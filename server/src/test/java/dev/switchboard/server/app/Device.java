package dev.switchboard.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device line that knows its session id and reads typed frames. A reader thread answers pings, as a real
 * device does, so short heartbeats in a test never close it.
 */
final class Device implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    final RawWebSocket socket;
    final String sessionId;
    private final BlockingQueue<RawWebSocket.Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    Device(TestGateway gateway, String user, String device) throws IOException {
        socket = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token(user, device));
        if (socket.status != 101) {
            throw new IllegalStateException("expected 101, got " + socket.status + " " + socket.body);
        }
        JsonNode ack = json.readTree(socket.readTextContaining("connection_ack").text());
        sessionId = ack.get("sessionId").asText();
        reader = new Thread(this::read, "device-" + device);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (true) {
                RawWebSocket.Frame frame = socket.read();
                if (frame.opcode() == RawWebSocket.PING) {
                    send(RawWebSocket.PONG, frame.payload());
                } else {
                    frames.add(frame);
                }
            }
        } catch (IOException closed) {
            // the test closed the socket, or the server did
        }
    }

    /** The next text frame of {@code type} (others are skipped); fails after 10 s. */
    JsonNode next(String type) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RawWebSocket.Frame frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame == null) {
                continue;
            }
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
        throw new AssertionError("no " + type + " within 10 s");
    }

    /** The next app_state frame for a package in {@code state}, skipping other states. */
    JsonNode state(String packageName, String state) throws IOException, InterruptedException {
        while (true) {
            JsonNode message = next("app_state");
            if (message.path("packageName").asText().equals(packageName)
                    && message.path("state").asText().equals(state)) {
                return message;
            }
        }
    }

    void send(String text) throws IOException {
        send(RawWebSocket.TEXT, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private synchronized void send(int opcode, byte[] payload) throws IOException {
        socket.send(opcode, payload);
    }

    void start(String packageName) throws IOException {
        send("{\"type\":\"app_start\",\"packageName\":" + AppClient.quote(packageName) + "}");
    }

    void stream(String stream, String data) throws IOException {
        send("{\"type\":\"stream\",\"stream\":" + AppClient.quote(stream) + ",\"data\":" + data + "}");
    }

    void audio(byte[] bytes) throws IOException {
        send(RawWebSocket.BINARY, bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
