package dev.switchboard.redis;

import java.nio.charset.StandardCharsets;

/**
 * Every Redis key and channel a cluster uses, under one prefix so several clusters (or a test per cluster)
 * can share a Redis server.
 *
 * <pre>
 * {prefix}:presence:{deviceId}   string, PX = presence TTL: the device's holder (PresenceCodec)
 * {prefix}:pairing:{code}     hash: a pairing code or pairing (RedisPairingStore)
 * {prefix}:pairings:open       zset code → expiry ms: unjoined codes, for the expiry sweep
 * {prefix}:pairings:all        set of every code with an entry
 * {prefix}:nodes                 hash nodeId → "lastSeenMillis devices": the node registry
 * {prefix}:all                   pub/sub: publishes to users, channels and everyone
 * {prefix}:node:{nodeId}         pub/sub: device publishes for that node, acks and evictions
 * </pre>
 */
public final class ClusterKeys {

    private final String prefix;

    public ClusterKeys(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("key prefix must be non-empty");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public byte[] presence(String deviceId) {
        return bytes(prefix + ":presence:" + deviceId);
    }

    public byte[] pairing(String code) {
        return bytes(prefix + ":pairing:" + code);
    }

    public byte[] openPairings() {
        return bytes(prefix + ":pairings:open");
    }

    public byte[] allPairings() {
        return bytes(prefix + ":pairings:all");
    }

    public byte[] nodes() {
        return bytes(prefix + ":nodes");
    }

    public byte[] allChannel() {
        return bytes(prefix + ":all");
    }

    public byte[] nodeChannel(String nodeId) {
        return bytes(prefix + ":node:" + nodeId);
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
