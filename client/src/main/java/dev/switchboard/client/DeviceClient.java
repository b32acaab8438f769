package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A device's connection to a Switchboard gateway ({@code GET /ws}), on the JDK's own WebSocket client.
 * Whole messages are handed to the {@link Listener}; fragments are reassembled here.
 *
 * <p>Sessions: the client remembers the {@code resumeToken} of the last {@code connection_ack} and the
 * {@code seq} of the last frame its listener returned from ({@link #resumePoint()}). After a drop,
 * {@link #connect(URI, String, Duration, Listener, ResumePoint)} with that point takes the session back and
 * gets what was missed, in order, before anything new ({@link #ack()} says whether it was all there).
 */
public final class DeviceClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to resume from: the session's last resume token and the last {@code seq} processed. */
    public record ResumePoint(String sessionId, String resumeToken, long lastSeq) {
    }

    /**
     * What {@code connection_ack} said about the session.
     *
     * @param recovered false after a resume whose replay could not hold everything missed (resync then)
     */
    public record Ack(String connectionId, String sessionId, String resumeToken, boolean resumed, boolean recovered,
                      long lastSeq) {
    }

    /** Receives what arrives on the line. Called on the client's thread, one call at a time. */
    public interface Listener {
        void onText(String text);

        default void onBinary(byte[] bytes) {
        }

        default void onClose(int code, String reason) {
        }

        default void onError(Throwable error) {
        }
    }

    /** The gateway refused the connection before the upgrade (401, 409, ...). */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RefusedException(int status, String body) {
            super("gateway refused the connection: HTTP " + status + (body == null || body.isBlank() ? "" : " " + body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final WebSocket socket;
    private final Reassembler reader;

    private DeviceClient(WebSocket socket, Reassembler reader) {
        this.socket = socket;
        this.reader = reader;
    }

    /**
     * Connects with the token in an {@code Authorization: Bearer} header.
     *
     * @throws RefusedException when the gateway answers the handshake with an HTTP error
     */
    public static DeviceClient connect(URI uri, String token, Duration timeout, Listener listener) {
        return connect(uri, token, timeout, listener, null);
    }

    /**
     * Connects and, when {@code resumeFrom} is not null, resumes that session ({@code ?resume=…&lastSeq=…}).
     * A session that is gone is refused with HTTP 410 ({@link RefusedException#status()}): connect without it.
     */
    public static DeviceClient connect(URI uri, String token, Duration timeout, Listener listener,
                                       ResumePoint resumeFrom) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        URI target = resumeFrom == null ? uri : withResume(uri, resumeFrom);
        Reassembler reader = new Reassembler(listener, resumeFrom);
        try {
            WebSocket socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(timeout)
                    .buildAsync(target, reader)
                    .join();
            return new DeviceClient(socket, reader);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                Object body = handshake.getResponse().body();
                throw new RefusedException(handshake.getResponse().statusCode(), body == null ? null : body.toString());
            }
            throw e;
        }
    }

    public CompletableFuture<WebSocket> sendText(String text) {
        return socket.sendText(text, true);
    }

    /** Completes with the {@code connection_ack} (the first frame of every line). */
    public CompletableFuture<Ack> ack() {
        return reader.ack;
    }

    /** Where a reconnect should resume from; null before the first ack. */
    public ResumePoint resumePoint() {
        Ack ack = reader.ack.getNow(null);
        return ack == null ? null : new ResumePoint(ack.sessionId(), ack.resumeToken(), reader.lastSeq);
    }

    /** Tells the gateway everything up to {@code seq} is processed, so it stops keeping it for replay. */
    public CompletableFuture<WebSocket> acknowledge(long seq) {
        return sendText("{\"type\":\"ack\",\"seq\":" + seq + "}");
    }

    private static URI withResume(URI uri, ResumePoint point) {
        String query = "resume=" + URLEncoder.encode(point.resumeToken(), StandardCharsets.UTF_8)
                + "&lastSeq=" + point.lastSeq();
        String s = uri.toString();
        return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    /** Closes with 1000 (normal closure). */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
        }
    }

    public void abort() {
        socket.abort();
    }

    /** Collects message fragments into whole messages before handing them on. */
    private static final class Reassembler implements WebSocket.Listener {
        private final Listener listener;
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);
        final CompletableFuture<Ack> ack = new CompletableFuture<>();
        /** The seq of the last numbered frame the listener returned from. */
        volatile long lastSeq;

        Reassembler(Listener listener, ResumePoint resumeFrom) {
            this.listener = listener;
            this.lastSeq = resumeFrom == null ? 0 : resumeFrom.lastSeq();
        }

        /** Notes the ack and the seq of numbered frames; the listener sees every frame unchanged. */
        private void deliver(String whole) {
            JsonNode node = null;
            if (whole.contains("\"seq\"") || !ack.isDone()) {
                try {
                    node = JSON.readTree(whole);
                } catch (java.io.IOException | RuntimeException notJson) {
                    node = null;
                }
            }
            if (node != null && !ack.isDone() && "connection_ack".equals(node.path("type").asText())) {
                Ack received = new Ack(node.path("connectionId").asText(null), node.path("sessionId").asText(null),
                        node.path("resumeToken").asText(null), node.path("resumed").asBoolean(false),
                        node.path("recovered").asBoolean(true), node.path("lastSeq").asLong(0));
                if (!received.resumed()) {
                    lastSeq = 0;
                }
                ack.complete(received);
            }
            listener.onText(whole);
            if (node != null && node.path("seq").isIntegralNumber()) {
                lastSeq = node.path("seq").asLong();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                deliver(whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer grown = ByteBuffer.allocate(binary.remaining() + data.remaining());
            grown.put(binary).put(data).flip();
            binary = grown;
            if (last) {
                byte[] bytes = new byte[binary.remaining()];
                binary.get(bytes);
                binary = ByteBuffer.allocate(0);
                listener.onBinary(bytes);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ack.completeExceptionally(new IllegalStateException("closed " + statusCode + " before connection_ack"));
            listener.onClose(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ack.completeExceptionally(error);
            listener.onError(error);
        }
    }
}
