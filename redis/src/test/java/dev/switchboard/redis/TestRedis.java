package dev.switchboard.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped in embedded-redis) on a free loopback port, without persistence.
 * Shared with the server module's tests through this module's test jar.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    private TestRedis(int port) throws IOException {
        this.port = port;
        this.server = newServer(port);
        server.start();
    }

    public static TestRedis start() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return new TestRedis(freePort());
            } catch (IOException | RuntimeException e) {
                // Another process took the port between probing and binding: try another one.
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Settings for a node of a fresh cluster (its own key prefix) with short timers for tests. */
    public RedisClusterSettings settings(String nodeId, String prefix) {
        return new RedisClusterSettings(url(), nodeId, prefix, Duration.ofSeconds(1), Duration.ofMillis(250),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public static String freshPrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stops the server (Redis "down"); {@link #restart()} brings it back on the same port, empty. */
    public void stop() throws IOException {
        server.stop();
    }

    public void restart() throws IOException {
        server = newServer(port);
        server.start();
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    private static RedisServer newServer(int port) throws IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
