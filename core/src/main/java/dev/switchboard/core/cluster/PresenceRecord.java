package dev.switchboard.core.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a device's line, in plain serialisable values only (never a socket), so the same record can
 * live in memory or in Redis.
 */
public record PresenceRecord(String deviceId, String userId, String lineId, String nodeId, Instant since) {

    public PresenceRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(since, "since");
    }
}
