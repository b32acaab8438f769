package dev.switchboard.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node joins a cluster through Redis.
 *
 * @param redisUrl          {@code redis://[user:password@]host:port[/db]} or {@code rediss://…}
 * @param nodeId            this node's id, unique among live nodes
 * @param keyPrefix         prefix of every key and channel (see {@link ClusterKeys})
 * @param presenceTtl       how long a device claim outlives its node's last heartbeat
 * @param heartbeatInterval how often the node refreshes its claims and its registry entry; at most half the TTL
 * @param ackTimeout        how long a publish waits for other nodes to report their deliveries; zero = do not
 *                          wait (remote lines are then not counted, except a device's node being reached)
 * @param commandTimeout    how long one Redis command may take before it fails
 */
public record RedisClusterSettings(String redisUrl, String nodeId, String keyPrefix, Duration presenceTtl,
                                   Duration heartbeatInterval, Duration ackTimeout, Duration commandTimeout) {

    public RedisClusterSettings {
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(presenceTtl, "presenceTtl");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (heartbeatInterval.multipliedBy(2).compareTo(presenceTtl) > 0 || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval
                    + ") must be positive and at most half of presenceTtl (" + presenceTtl + ")");
        }
    }
}
