package dev.switchboard.server.cluster;

import dev.switchboard.core.cluster.Broker;
import dev.switchboard.core.cluster.PresenceStore;
import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.redis.RedisCluster;
import dev.switchboard.redis.RedisClusterSettings;
import dev.switchboard.server.config.ClusterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster stores of one node, chosen by configuration: without {@code cluster.redisUrl} a memory presence
 * store and broker (embedded, no external service); with it, the Redis ones of a {@link RedisCluster}. The hub
 * takes the same path either way.
 */
public final class ClusterWiring implements AutoCloseable {

    private final String nodeId;
    private final PresenceStore presence;
    private final Broker broker;
    private final RedisCluster redis;

    private ClusterWiring(String nodeId, PresenceStore presence, Broker broker, RedisCluster redis) {
        this.nodeId = nodeId;
        this.presence = presence;
        this.broker = broker;
        this.redis = redis;
    }

    /**
     * @param generatedNodeId the id to use when {@code cluster.nodeId} is unset
     * @throws dev.switchboard.core.cluster.ClusterUnavailableException when Redis is configured but unreachable
     */
    public static ClusterWiring open(ClusterConfig config, String generatedNodeId, MeterRegistry registry) {
        String nodeId = config.nodeId() != null ? config.nodeId() : generatedNodeId;
        if (!config.clustered()) {
            return new ClusterWiring(nodeId, new MemoryPresenceStore(), new MemoryBroker(), null);
        }
        RedisCluster cluster = RedisCluster.join(new RedisClusterSettings(config.redisUrl(), nodeId, config.keyPrefix(),
                config.presenceTtl(), config.heartbeatInterval(), config.ackTimeout(), config.commandTimeout()), registry);
        return new ClusterWiring(nodeId, cluster.presence(), cluster.broker(), cluster);
    }

    public String nodeId() {
        return nodeId;
    }

    public PresenceStore presence() {
        return presence;
    }

    public Broker broker() {
        return broker;
    }

    public boolean clustered() {
        return redis != null;
    }

    /** A line whose device another node took (take-over, or a claim lost during an outage) is closed 4501. */
    public void attach(Hub hub) {
        if (redis != null) {
            redis.onEvicted(lost -> hub.disconnect(lost.lineId(), CloseReason.REPLACED));
            redis.onCloseRequested(hub::disconnect);
        }
    }

    /** Null while this node can admit lines; otherwise why not (for {@code /readyz}). */
    public String notReadyReason() {
        return redis != null && !redis.redisUp() ? "redis_unavailable" : null;
    }

    /** For the health report: a Redis that cannot be reached makes the node "degraded" ({@code status} exit 3). */
    public List<String> problems() {
        String reason = notReadyReason();
        return reason == null ? List.of() : List.of("Redis unreachable: not admitting devices, publishing to this node only");
    }

    /** For health, {@code system.info} and {@code status}: the mode, and for Redis its connectivity. */
    public Map<String, Object> status() {
        if (redis != null) {
            return redis.status();
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", "embedded");
        status.put("node", nodeId);
        return status;
    }

    /** The live nodes (asks Redis); embedded: this node alone. */
    public List<Map<String, Object>> nodes() {
        if (redis != null) {
            return redis.nodes();
        }
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("node", nodeId);
        self.put("devices", presence.size());
        return List.of(self);
    }

    /**
     * What {@code cluster.status} and {@code GET /api/v1/cluster} answer: {@link #status()} plus the live nodes;
     * when Redis cannot list them, {@code nodes} is null and {@code nodesError} says why.
     */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>(status());
        try {
            report.put("nodes", nodes());
        } catch (RuntimeException e) {
            report.put("nodes", null);
            report.put("nodesError", e.getMessage());
        }
        return report;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
