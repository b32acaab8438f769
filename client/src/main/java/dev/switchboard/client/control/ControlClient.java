package dev.switchboard.client.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The Java client of the daemon's control socket: pipelined calls over a small pool of Unix-socket
 * connections, JSON-RPC or binary, with per-call timeouts and automatic reconnection.
 *
 * <pre>{@code
 * try (ControlClient control = ControlClient.connect(ControlClientOptions.DEFAULT)) {
 *     int delivered = control.publishToDevice("phone", Map.of("hello", "world"));
 * }
 * }</pre>
 *
 * <p>Thread-safe. While the daemon is gone calls fail at once with {@link ControlUnavailableException}
 * ("no daemon at PATH; start one with ./switchboard serve"); the pool reconnects in the background, and once
 * the daemon is back (same path, new process) calls succeed again without the caller doing anything.
 *
 * <p>Futures returned by the {@code …Async} methods complete on the client's own threads: attach
 * non-blocking stages only, or use the {@code …Async} stage methods with your executor.
 * {@code callAsync} itself never waits, except for the rare moment a lost connection is being replaced
 * (at most the acquire timeout).
 */
public final class ControlClient implements AutoCloseable {

    private static final int SEND_ATTEMPTS = 16;

    private final ControlClientOptions options;
    private final ControlPool pool;

    private ControlClient(ControlClientOptions options, ControlPool pool) {
        this.options = options;
        this.pool = pool;
    }

    /**
     * Connects to the daemon now.
     *
     * @throws ControlUnavailableException when no daemon listens on the socket
     * @throws ControlConnectionException  when the socket exists but cannot be connected to
     */
    public static ControlClient connect(ControlClientOptions options) {
        Objects.requireNonNull(options, "options");
        ControlPool pool = new ControlPool(options);
        pool.start(true);
        return new ControlClient(options, pool);
    }

    /** {@link #connect(ControlClientOptions)} with {@link ControlClientOptions#DEFAULT}. */
    public static ControlClient connect() {
        return connect(ControlClientOptions.DEFAULT);
    }

    /**
     * A client that does not need the daemon to be running yet: it connects in the background and keeps
     * trying; until it succeeds, calls fail with {@link ControlUnavailableException}.
     */
    public static ControlClient connectInBackground(ControlClientOptions options) {
        Objects.requireNonNull(options, "options");
        ControlPool pool = new ControlPool(options);
        pool.start(false);
        return new ControlClient(options, pool);
    }

    // ---- generic calls ------------------------------------------------------------------------------------

    /**
     * Calls {@code method} with {@code params} (a {@link JsonNode}, a map, a record, any Jackson-serialisable
     * value; {@code null} sends {@code {}}). The future completes with the result, or fails with a
     * {@link ControlException}.
     */
    public CompletableFuture<JsonNode> callAsync(String method, Object params) {
        return send(method, params, null, options.callTimeout());
    }

    /** {@link #callAsync(String, Object)} with its own timeout instead of the client's. */
    public CompletableFuture<JsonNode> callAsync(String method, Object params, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return send(method, params, null, timeout);
    }

    /** Calls and waits for the result. @throws ControlException for every failure */
    public JsonNode call(String method, Object params) {
        return await(method, callAsync(method, params));
    }

    /** {@link #call(String, Object)} with its own timeout. */
    public JsonNode call(String method, Object params, Duration timeout) {
        return await(method, callAsync(method, params, timeout));
    }

    /**
     * A call whose payload carries {@code raw} bytes after the params (binary mode only; the raw layout of
     * the binary protocol).
     *
     * @throws IllegalStateException when the client speaks JSON-RPC, which has no raw payloads
     */
    public CompletableFuture<JsonNode> callRawAsync(String method, Object params, byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        if (options.mode() != ControlMode.BINARY) {
            throw new IllegalStateException("raw payloads need ControlMode.BINARY; this client speaks "
                    + options.mode() + " (send bytes as base64 in the params instead)");
        }
        return send(method, params, raw, options.callTimeout());
    }

    /** {@link #callRawAsync} and wait. */
    public JsonNode callRaw(String method, Object params, byte[] raw) {
        return await(method, callRawAsync(method, params, raw));
    }

    private CompletableFuture<JsonNode> send(String method, Object params, byte[] raw, Duration timeout) {
        Objects.requireNonNull(method, "method");
        try {
            for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
                ControlConnection connection = pool.acquire();
                CompletableFuture<JsonNode> result = connection.trySend(method, params, raw, timeout, true);
                if (result != null) {
                    return result;
                }
                // The connection broke or was retired between the pick and the send; nothing was sent.
                Thread.onSpinWait();
            }
            return CompletableFuture.failedFuture(new ControlConnectionException(method + " could not be sent: "
                    + "connections to the daemon at " + options.socketPath() + " kept breaking"));
        } catch (ControlException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static JsonNode await(String method, CompletableFuture<JsonNode> future) {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ControlException control) {
                throw control;
            }
            throw new ControlException(method + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while waiting for the answer to " + method
                    + " (the call may still be carried out)", e);
        }
    }

    // ---- typed helpers: system.* --------------------------------------------------------------------------

    /** {@code system.ping}; returns the round-trip time. */
    public Duration ping() {
        long start = System.nanoTime();
        JsonNode result = call("system.ping", null);
        Duration rtt = Duration.ofNanos(System.nanoTime() - start);
        if (!result.path("pong").asBoolean(false)) {
            throw new ControlException("system.ping answered " + result + " instead of {\"pong\":true,…}");
        }
        return rtt;
    }

    /** {@code system.health}: the same report the health file holds. */
    public JsonNode health() {
        return call("system.health", null);
    }

    /** {@code system.info}: version, ports, paths. */
    public JsonNode info() {
        return call("system.info", null);
    }

    /** {@code system.methods}: every method the daemon serves, with a summary of its params. */
    public JsonNode methods() {
        return call("system.methods", null);
    }

    // ---- typed helpers: hub.* -----------------------------------------------------------------------------

    /** Publishes JSON {@code data} to one device; returns how many lines it reached. */
    public int publishToDevice(String device, Object data) {
        return publish("device", requireText("device", device), data);
    }

    /** Publishes JSON {@code data} to every device of a user; returns how many lines it reached. */
    public int publishToUser(String user, Object data) {
        return publish("user", requireText("user", user), data);
    }

    /** Publishes JSON {@code data} to a channel's subscribers; returns how many lines it reached. */
    public int publishToChannel(String channel, Object data) {
        return publish("channel", requireText("channel", channel), data);
    }

    /** Publishes JSON {@code data} to every line; returns how many it reached. */
    public int broadcast(Object data) {
        ObjectNode params = ControlCodec.JSON.createObjectNode();
        params.put("broadcast", true);
        params.set("data", ControlCodec.JSON.valueToTree(data));
        return delivered(call("hub.publish", params));
    }

    private int publish(String field, String value, Object data) {
        ObjectNode params = ControlCodec.JSON.createObjectNode();
        params.put(field, value);
        params.set("data", ControlCodec.JSON.valueToTree(data));
        return delivered(call("hub.publish", params));
    }

    /**
     * Publishes bytes as a binary message: in binary mode as the raw payload of {@code hub.publish} (no
     * base64), in JSON-RPC mode as {@code "binary":"<base64>"}.
     *
     * @param targetField {@code device}, {@code user}, {@code channel} or {@code broadcast}
     * @param targetValue the device, user or channel; for {@code broadcast}, {@code null} (or "true")
     */
    public int publishBinary(String targetField, String targetValue, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ObjectNode params = target(targetField, targetValue);
        if (options.mode() == ControlMode.BINARY) {
            return delivered(callRaw("hub.publish", params, bytes));
        }
        params.put("binary", Base64.getEncoder().encodeToString(bytes));
        return delivered(call("hub.publish", params));
    }

    private static ObjectNode target(String field, String value) {
        Objects.requireNonNull(field, "targetField");
        ObjectNode params = ControlCodec.JSON.createObjectNode();
        switch (field) {
            case "device":
            case "user":
            case "channel":
                params.put(field, requireText(field, value));
                break;
            case "broadcast":
                if (value != null && !value.equals("true")) {
                    throw new IllegalArgumentException("broadcast takes no target value, got \"" + value + "\"");
                }
                params.put("broadcast", true);
                break;
            default:
                throw new IllegalArgumentException("targetField must be device, user, channel or broadcast, got \""
                        + field + "\"");
        }
        return params;
    }

    /** {@code hub.connections}: every line. */
    public JsonNode connections() {
        return call("hub.connections", null);
    }

    /** {@code hub.connections} filtered; each argument may be {@code null} for "any". */
    public JsonNode connections(String user, String device, Integer limit) {
        ObjectNode params = ControlCodec.JSON.createObjectNode();
        if (user != null) {
            params.put("user", user);
        }
        if (device != null) {
            params.put("device", device);
        }
        if (limit != null) {
            params.put("limit", limit);
        }
        return call("hub.connections", params);
    }

    /** {@code hub.disconnect} of one connection by its id; {@code reason} may be {@code null}. */
    public JsonNode disconnect(String id, String reason) {
        return disconnectBy("id", requireText("id", id), reason);
    }

    /** {@code hub.disconnect} of a device's line; {@code reason} may be {@code null}. */
    public JsonNode disconnectDevice(String device, String reason) {
        return disconnectBy("device", requireText("device", device), reason);
    }

    private JsonNode disconnectBy(String field, String value, String reason) {
        ObjectNode params = ControlCodec.JSON.createObjectNode();
        params.put(field, value);
        if (reason != null) {
            params.put("reason", reason);
        }
        return call("hub.disconnect", params);
    }

    private static int delivered(JsonNode result) {
        JsonNode delivered = result == null ? null : result.get("delivered");
        if (delivered == null || !delivered.canConvertToInt() || !delivered.isIntegralNumber()) {
            throw new ControlException("hub.publish answered " + result + " instead of {\"delivered\":N}");
        }
        return delivered.intValue();
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be a non-empty string");
        }
        return value;
    }

    // ---- the rest -----------------------------------------------------------------------------------------

    public ControlClientOptions options() {
        return options;
    }

    public Path socketPath() {
        return options.socketPath();
    }

    public ControlClientStats stats() {
        return pool.stats();
    }

    /** Package-private for tests. */
    ControlPool pool() {
        return pool;
    }

    /** Fails every call in flight with {@link ControlClosedException}, closes the sockets, stops the threads. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "ControlClient(" + stats() + ")";
    }
}
