package dev.switchboard.client;

import java.net.URI;
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
 */
public final class DeviceClient implements AutoCloseable {

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

    private DeviceClient(WebSocket socket) {
        this.socket = socket;
    }

    /**
     * Connects with the token in an {@code Authorization: Bearer} header.
     *
     * @throws RefusedException when the gateway answers the handshake with an HTTP error
     */
    public static DeviceClient connect(URI uri, String token, Duration timeout, Listener listener) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            WebSocket socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(timeout)
                    .buildAsync(uri, new Reassembler(listener))
                    .join();
            return new DeviceClient(socket);
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

        Reassembler(Listener listener) {
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                listener.onText(whole);
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
            listener.onClose(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            listener.onError(error);
        }
    }
}
