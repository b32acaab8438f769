package dev.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link DeviceClient} that comes back by itself (opt-in). On an unexpected end of the line — a close code
 * other than 1000 and 4500–4999, or the connection failing without a close — it reconnects with jittered
 * exponential backoff ({@link ReconnectOptions}), asking {@code tokens} for a token each time (so an expired
 * token, close 4002, is survived) and resuming the session from the last {@code seq} the listener returned
 * from. Replayed frames reach the same {@link Listener}, in order, each once: a numbered frame at or below the
 * last one processed is dropped. 1000 (normal) and 4500–4999 (the server says: do not reconnect, e.g. an
 * operator's 4500, a replacement's 4501) end it for good.
 *
 * <p>If the session is gone when the client comes back (HTTP 410: the grace ran out, or it was ended), a new
 * session is started and reported with {@code resumed=false}: the caller must resync, its earlier state on the
 * gateway (channels, apps) is gone. A resume whose replay could not hold everything missed reports
 * {@code recovered=false}.
 *
 * <p>Threading: frames and {@link Listener#onConnected} reach the listener one at a time, in arrival order, from
 * the WebSocket's thread ({@code onConnected} of a resume comes before its replay); {@link Listener#onReconnecting}
 * and {@link Listener#onClosed} come from the reconnect thread or the caller's. The listener may call
 * {@link #sendText}, {@link #acknowledge} and {@link #close} from any of them.
 */
public final class ResumingDeviceClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the caller hears. */
    public interface Listener {
        /** A text frame other than {@code connection_ack}; numbered frames arrive once each, in {@code seq} order. */
        void onText(String text);

        default void onBinary(byte[] bytes) {
        }

        /**
         * A line is up. {@code reconnect} is false for the first one. After a reconnect: {@code ack.resumed()}
         * true means the same session came back, with what was missed replayed ({@code ack.recovered()} false when
         * the gateway no longer held all of it); false means a new session (the old one was gone): resync.
         */
        default void onConnected(DeviceClient.Ack ack, boolean reconnect) {
        }

        /** The line ended unexpectedly; attempt {@code attempt} starts after {@code delay}. */
        default void onReconnecting(int attempt, Duration delay, String cause) {
        }

        /**
         * The end, once: a close the client must not come back from ({@code code} 1000 or 4500–4999), the caller's
         * {@link #close()} (1000), or reconnecting gave up ({@code code} -1, {@code reason} says why).
         */
        default void onClosed(int code, String reason) {
        }
    }

    private final URI uri;
    private final Supplier<String> tokens;
    private final ReconnectOptions options;
    private final Listener listener;
    private final ScheduledExecutorService reconnects;
    /** Guards what the frames change (and the listener calls): session, token, last seq, duplicates. */
    private final Object delivery = new Object();

    /** The line whose frames count; null while reconnecting or closed. Written under {@code this}. */
    private volatile Line current;
    /** Guarded by {@code this}. */
    private boolean closed;
    private int attempt;
    private long dropStartedNanos;
    private long reconnectCount;
    /** Guarded by {@link #delivery}. */
    private String sessionId;
    private String resumeToken;
    private long lastProcessed;
    private long duplicates;

    private ResumingDeviceClient(URI uri, Supplier<String> tokens, ReconnectOptions options, Listener listener) {
        this.uri = uri;
        this.tokens = tokens;
        this.options = options;
        this.listener = listener;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-device-reconnect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects and waits for {@code connection_ack}. A first connect is not retried: a refusal or a failure is
     * thrown. The reconnecting starts with the first unexpected end of the line.
     *
     * @param tokens asked for a token before every attempt (the first included); return a fresh one when the
     *               last may have expired
     * @throws DeviceClient.RefusedException when the gateway refuses the handshake
     */
    public static ResumingDeviceClient connect(URI uri, Supplier<String> tokens, ReconnectOptions options,
                                               Listener listener) {
        ResumingDeviceClient client = new ResumingDeviceClient(Objects.requireNonNull(uri, "uri"),
                Objects.requireNonNull(tokens, "tokens"), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(listener, "listener"));
        try {
            client.open(false);
            return client;
        } catch (RuntimeException e) {
            client.reconnects.shutdownNow();
            throw e;
        }
    }

    /** Sends on the current line; fails (without queueing) while reconnecting. */
    public CompletableFuture<WebSocket> sendText(String text) {
        Line line = current;
        DeviceClient client = line == null ? null : line.client;
        if (client == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected (reconnecting or closed)"));
        }
        return client.sendText(text);
    }

    /** Tells the gateway everything up to {@code seq} is processed (see {@link DeviceClient#acknowledge}). */
    public CompletableFuture<WebSocket> acknowledge(long seq) {
        return sendText("{\"type\":\"ack\",\"seq\":" + seq + "}");
    }

    /** The session the client holds (changes only when a resume was refused and a new session started). */
    public String sessionId() {
        synchronized (delivery) {
            return sessionId;
        }
    }

    /** The {@code seq} of the last numbered frame the listener returned from. */
    public long lastProcessed() {
        synchronized (delivery) {
            return lastProcessed;
        }
    }

    /** Numbered frames dropped as already processed (a replay overlapping what arrived before the drop). */
    public long duplicatesDropped() {
        synchronized (delivery) {
            return duplicates;
        }
    }

    /** Successful reconnects so far (resumed or not). */
    public synchronized long reconnects() {
        return reconnectCount;
    }

    /** Whether a line is up now. */
    public boolean connected() {
        Line line = current;
        return line != null && line.live;
    }

    /** Closes with 1000; no reconnect follows. */
    @Override
    public void close() {
        Line line;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            line = current;
            current = null;
        }
        reconnects.shutdownNow();
        if (line != null && line.client != null) {
            line.client.close();
        }
        listener.onClosed(1000, "closed by the client");
    }

    /**
     * One attempt: a new line, resuming when there is a session to resume; returns once its ack is in (the
     * listener has heard {@code onConnected} by then).
     */
    private void open(boolean reconnect) {
        Line line = new Line(reconnect);
        DeviceClient.ResumePoint point;
        // Never both locks at once: the listener (under delivery) may call close() (which takes this).
        synchronized (delivery) {
            point = reconnect && resumeToken != null
                    ? new DeviceClient.ResumePoint(sessionId, resumeToken, lastProcessed) : null;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            current = line; // before connecting: the ack and the replay may arrive before connect returns
        }
        DeviceClient client;
        try {
            client = DeviceClient.connect(uri, tokens.get(), options.connectTimeout(), line, point);
        } catch (DeviceClient.RefusedException refused) {
            abandon(line, null);
            if (point != null && refused.status() == 410) {
                // The session is gone: start a new one; onConnected says resumed=false, the caller resyncs.
                synchronized (delivery) {
                    resumeToken = null;
                }
                open(reconnect);
                return;
            }
            throw refused;
        } catch (RuntimeException failed) {
            abandon(line, null);
            throw failed;
        }
        line.client = client;
        // The DeviceClient's ack completes before its listener sees the frame; wait for our listener to have
        // taken it (session id, token, onConnected), so connect() returns with sessionId() set.
        client.ack().whenComplete((ack, failed) -> {
            if (failed != null) {
                line.acked.completeExceptionally(failed);
            }
        });
        try {
            line.acked.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            abandon(line, client);
            throw new IllegalStateException("no connection_ack: " + (e.getCause() == null ? e : e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(line, client);
            throw new IllegalStateException("interrupted while waiting for connection_ack", e);
        }
        String endedMeanwhile;
        synchronized (this) {
            endedMeanwhile = line.endCause;
            if (endedMeanwhile == null && !closed) {
                line.live = true;
            }
            if (closed) {
                endedMeanwhile = "closed";
            }
        }
        if (endedMeanwhile != null) {
            abandon(line, client);
            throw new IllegalStateException(endedMeanwhile);
        }
    }

    /** An attempt failed: its line stops counting (so its own end does not start another round), then goes. */
    private void abandon(Line line, DeviceClient client) {
        synchronized (this) {
            if (current == line) {
                current = null;
            }
        }
        if (client != null) {
            client.abort();
        }
    }

    /** The live line {@code line} ended: for good, or start reconnecting. */
    private void ended(Line line, int code, String cause) {
        boolean forGood = code == 1000 || (code >= 4500 && code <= 4999);
        synchronized (this) {
            if (closed || line != current) {
                return; // a line already replaced or abandoned, or the caller closed
            }
            if (!line.live) {
                line.endCause = cause; // the attempt in progress sees it and fails
                return;
            }
            current = null;
            if (forGood) {
                closed = true;
            } else {
                attempt = 0;
                dropStartedNanos = System.nanoTime();
            }
        }
        if (forGood) {
            reconnects.shutdown();
            listener.onClosed(code, cause);
            return;
        }
        scheduleNext(cause);
    }

    private void scheduleNext(String cause) {
        int next;
        Duration delay;
        boolean giveUp;
        synchronized (this) {
            if (closed) {
                return;
            }
            next = ++attempt;
            delay = options.backoff(next, ThreadLocalRandom.current().nextDouble());
            long spent = System.nanoTime() - dropStartedNanos;
            giveUp = next > options.maxAttempts() || spent + delay.toNanos() > options.maxReconnectTime().toNanos();
            if (giveUp) {
                closed = true;
                current = null;
            }
        }
        if (giveUp) {
            reconnects.shutdown();
            listener.onClosed(-1, "gave up reconnecting after " + (next - 1) + " attempt(s): " + cause);
            return;
        }
        listener.onReconnecting(next, delay, cause);
        try {
            reconnects.schedule(this::reconnect, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            // close() ran; nothing left to do
        }
    }

    private void reconnect() {
        try {
            open(true);
        } catch (DeviceClient.RefusedException refused) {
            int status = refused.status();
            // 401: the token (a fresh one next time); 409: another line is resuming; 429/5xx: the gateway is busy.
            if (status == 401 || status == 409 || status == 429 || status >= 500) {
                scheduleNext(refused.getMessage());
            } else {
                giveUp(refused.getMessage());
            }
            return;
        } catch (RuntimeException e) {
            scheduleNext(String.valueOf(e.getMessage()));
            return;
        }
        synchronized (this) {
            reconnectCount++;
        }
    }

    private void giveUp(String cause) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = null;
        }
        reconnects.shutdown();
        listener.onClosed(-1, "gave up reconnecting: " + cause);
    }

    /** Frames of one line; only the current line's reach the caller. */
    private final class Line implements DeviceClient.Listener {
        final boolean reconnect;
        /** Completed once this listener has taken the line's connection_ack. */
        final CompletableFuture<DeviceClient.Ack> acked = new CompletableFuture<>();
        volatile DeviceClient client;
        /** Guarded by the outer instance: the ack is in and the attempt completed. */
        boolean live;
        /** Guarded by the outer instance: why the line ended before it was live. */
        String endCause;

        Line(boolean reconnect) {
            this.reconnect = reconnect;
        }

        @Override
        public void onText(String text) {
            JsonNode node = null;
            if (text.contains("\"seq\"") || text.contains("connection_ack")) {
                try {
                    node = JSON.readTree(text);
                } catch (java.io.IOException | RuntimeException notJson) {
                    node = null; // not ours to judge: handed on as it is
                }
            }
            synchronized (delivery) {
                if (current != this) {
                    return;
                }
                if (node != null && "connection_ack".equals(node.path("type").asText())) {
                    DeviceClient.Ack ack = new DeviceClient.Ack(node.path("connectionId").asText(null),
                            node.path("sessionId").asText(null), node.path("resumeToken").asText(null),
                            node.path("resumed").asBoolean(false), node.path("recovered").asBoolean(true),
                            node.path("lastSeq").asLong(0));
                    sessionId = ack.sessionId();
                    resumeToken = ack.resumeToken();
                    if (!ack.resumed()) {
                        lastProcessed = 0; // a new session numbers from 1
                    }
                    try {
                        listener.onConnected(ack, reconnect);
                    } finally {
                        acked.complete(ack);
                    }
                    return;
                }
                long seq = node != null && node.path("seq").isIntegralNumber() ? node.path("seq").asLong() : -1;
                if (seq >= 0 && seq <= lastProcessed) {
                    duplicates++;
                    return;
                }
                listener.onText(text);
                if (seq >= 0) {
                    lastProcessed = seq;
                }
            }
        }

        @Override
        public void onBinary(byte[] bytes) {
            synchronized (delivery) {
                if (current == this) {
                    listener.onBinary(bytes);
                }
            }
        }

        @Override
        public void onClose(int code, String reason) {
            ended(this, code, "closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void onError(Throwable error) {
            ended(this, 1006, "connection failed: " + error);
        }
    }
}
