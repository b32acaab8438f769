package dev.switchboard.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Runs one Lua script: blocking calls by its SHA-1 (EVALSHA), sending the source once when Redis does not know
 * it yet; async calls always with the source, to keep their order.
 */
final class ScriptRunner {

    private final String source;
    private final String sha;
    private final ScriptOutputType type;

    ScriptRunner(String source, ScriptOutputType type) {
        this.source = source;
        this.type = type;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    <T> T run(StatefulRedisConnection<byte[], byte[]> connection, byte[][] keys, byte[]... args) {
        try {
            return connection.sync().evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException unknown) {
            // First use since Redis started (or after SCRIPT FLUSH): EVAL caches it for the next EVALSHA.
            return connection.sync().eval(source, type, keys, args);
        }
    }

    /**
     * Sends the script with its source (EVAL), never by SHA: a NOSCRIPT answer would send the retry after
     * whatever was queued meanwhile, and callers rely on async commands running in the order they were sent.
     */
    <T> RedisFuture<T> runAsync(StatefulRedisConnection<byte[], byte[]> connection, byte[][] keys, byte[]... args) {
        return connection.async().eval(source, type, keys, args);
    }
}
