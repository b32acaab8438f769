package dev.switchboard.server.config;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Cluster mode. Without {@code redisUrl} the node runs embedded: in-memory presence and broker, no external
 * service. With it, the node joins the cluster of every node pointed at the same Redis and key prefix: one
 * line per device cluster-wide, and publishes reach every node's lines (see docs/cluster.md).
 *
 * @param redisUrl          {@code redis://[user:password@]host:port[/db]} or {@code rediss://…}; null = embedded
 * @param nodeId            this node's id in the cluster; null generates one per start
 * @param keyPrefix         prefix of every Redis key and channel, so several clusters can share one Redis
 * @param presenceTtl       how long a device claim outlives a node that stopped heartbeating (crashed), 1s..10m
 * @param heartbeatInterval how often a node refreshes its claims; at most half of {@code presenceTtl}
 * @param ackTimeout        how long a publish waits for the other nodes' delivery counts, 0..10s; 0 = do not
 *                          wait (other nodes' lines still receive, but only a device's node is counted)
 * @param commandTimeout    how long one Redis command may take, 100ms..1m
 */
public record ClusterConfig(@Secret String redisUrl, String nodeId, String keyPrefix, Duration presenceTtl,
                            Duration heartbeatInterval, Duration ackTimeout, Duration commandTimeout) {

    // Before DEFAULT: static fields initialise in order, and DEFAULT's constructor uses these.
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:{}-]{1,64}");

    public static final ClusterConfig DEFAULT = new ClusterConfig(null, null, "switchboard", Duration.ofSeconds(15),
            Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(2));

    public ClusterConfig {
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        if (redisUrl != null && !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            throw ConfigException.invalidSecret("redisUrl", redisUrl,
                    "must be a Redis URL such as redis://127.0.0.1:6379 (or rediss:// for TLS)");
        }
        if (nodeId != null && nodeId.isBlank()) {
            nodeId = null;
        }
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            throw ConfigException.invalid("nodeId", nodeId, "must be 1..64 letters, digits, '.', '_' or '-'");
        }
        if (!PREFIX.matcher(Checks.set("keyPrefix", keyPrefix)).matches()) {
            throw ConfigException.invalid("keyPrefix", keyPrefix,
                    "must be 1..64 letters, digits or any of . _ : { } -");
        }
        Checks.positive("presenceTtl", presenceTtl);
        if (presenceTtl.compareTo(Duration.ofSeconds(1)) < 0 || presenceTtl.compareTo(Duration.ofMinutes(10)) > 0) {
            throw ConfigException.invalid("presenceTtl", presenceTtl, "must be between 1s and 10m");
        }
        Checks.positive("heartbeatInterval", heartbeatInterval);
        if (heartbeatInterval.multipliedBy(2).compareTo(presenceTtl) > 0) {
            throw ConfigException.invalid("heartbeatInterval", heartbeatInterval,
                    "must be at most half of presenceTtl (" + DurationParser.format(presenceTtl)
                            + "), so one missed heartbeat does not expire a live node's claims");
        }
        if (Checks.set("ackTimeout", ackTimeout).isNegative() || ackTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw ConfigException.invalid("ackTimeout", ackTimeout, "must be between 0 and 10s");
        }
        Checks.positive("commandTimeout", commandTimeout);
        if (commandTimeout.compareTo(Duration.ofMillis(100)) < 0 || commandTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw ConfigException.invalid("commandTimeout", commandTimeout, "must be between 100ms and 1m");
        }
    }

    /** True when this node joins a cluster through Redis. */
    public boolean clustered() {
        return redisUrl != null;
    }

    public ClusterConfig withRedisUrl(String url) {
        return new ClusterConfig(url, nodeId, keyPrefix, presenceTtl, heartbeatInterval, ackTimeout, commandTimeout);
    }

    public ClusterConfig withNodeId(String id) {
        return new ClusterConfig(redisUrl, id, keyPrefix, presenceTtl, heartbeatInterval, ackTimeout, commandTimeout);
    }

    public ClusterConfig withKeyPrefix(String prefix) {
        return new ClusterConfig(redisUrl, nodeId, prefix, presenceTtl, heartbeatInterval, ackTimeout, commandTimeout);
    }

    public ClusterConfig withTimers(Duration ttl, Duration heartbeat) {
        return new ClusterConfig(redisUrl, nodeId, keyPrefix, ttl, heartbeat, ackTimeout, commandTimeout);
    }

    @Override
    public String toString() {
        return "ClusterConfig[redisUrl=" + AuthConfig.presence(redisUrl) + ", nodeId=" + nodeId + ", keyPrefix="
                + keyPrefix + ", presenceTtl=" + presenceTtl + ", heartbeatInterval=" + heartbeatInterval
                + ", ackTimeout=" + ackTimeout + ", commandTimeout=" + commandTimeout + "]";
    }
}
