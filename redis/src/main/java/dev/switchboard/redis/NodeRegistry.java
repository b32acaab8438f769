package dev.switchboard.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The live nodes of a cluster: one field per node in the {@code {prefix}:nodes} hash, rewritten by each
 * node's heartbeat as {@code "<lastSeenMillis> <devices>"}. A node whose entry is older than the presence TTL
 * is gone (its claims have expired too); readers drop such entries, so the hash is bounded by the live nodes.
 */
final class NodeRegistry {

    /** One node as its last heartbeat described it. */
    record NodeInfo(String nodeId, Instant lastSeen, int devices) {
    }

    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final ClusterKeys keys;
    private final Duration ttl;
    private final Clock clock;

    NodeRegistry(StatefulRedisConnection<byte[], byte[]> redis, ClusterKeys keys, Duration ttl, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
        this.clock = clock;
    }

    void beat(String nodeId, int devices) {
        redis.sync().hset(keys.nodes(), bytes(nodeId), bytes(clock.millis() + " " + devices));
    }

    void leave(String nodeId) {
        redis.sync().hdel(keys.nodes(), bytes(nodeId));
    }

    /** Whether a node with this id has beaten within the TTL (another live node uses the id). */
    boolean isLive(String nodeId) {
        byte[] value = redis.sync().hget(keys.nodes(), bytes(nodeId));
        NodeInfo info = value == null ? null : parse(nodeId, value);
        return info != null && !expired(info);
    }

    /** The live nodes, sorted by id; entries of dead nodes are removed on the way. */
    List<NodeInfo> liveNodes() {
        Map<byte[], byte[]> all = redis.sync().hgetall(keys.nodes());
        List<NodeInfo> live = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> entry : all.entrySet()) {
            String nodeId = new String(entry.getKey(), StandardCharsets.UTF_8);
            NodeInfo info = parse(nodeId, entry.getValue());
            if (info == null || expired(info)) {
                redis.async().hdel(keys.nodes(), entry.getKey());
            } else {
                live.add(info);
            }
        }
        live.sort(Comparator.comparing(NodeInfo::nodeId));
        return live;
    }

    private boolean expired(NodeInfo info) {
        return info.lastSeen().plus(ttl).isBefore(clock.instant());
    }

    private static NodeInfo parse(String nodeId, byte[] value) {
        String[] parts = new String(value, StandardCharsets.US_ASCII).split(" ");
        try {
            return new NodeInfo(nodeId, Instant.ofEpochMilli(Long.parseLong(parts[0])), Integer.parseInt(parts[1]));
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
