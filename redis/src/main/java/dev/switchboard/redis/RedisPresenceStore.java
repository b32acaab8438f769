package dev.switchboard.redis;

import dev.switchboard.core.cluster.ClusterUnavailableException;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.cluster.PresenceStore;
import dev.switchboard.redis.protocol.PresenceCodec;
import dev.switchboard.redis.protocol.Scripts;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence shared by every node through Redis: one key per device, holding the encoded {@link PresenceRecord}
 * of its line, with a TTL. Claim, take-over and release are each one Lua script, so of two nodes claiming a
 * device at once exactly one wins. The node's heartbeat ({@link #refresh}) extends the TTL of the claims it
 * holds; a node that dies stops refreshing and its claims expire after the TTL.
 *
 * <p>The claims this node made are kept in {@code owned} (device → encoded value), bounded by this node's
 * lines: each entry leaves when its line is released.
 */
public final class RedisPresenceStore implements PresenceStore {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);
    private static final int REFRESH_BATCH = 500;
    private static final ScriptRunner CLAIM = new ScriptRunner(Scripts.CLAIM, ScriptOutputType.VALUE);
    private static final ScriptRunner TAKE_OVER = new ScriptRunner(Scripts.TAKE_OVER, ScriptOutputType.VALUE);
    private static final ScriptRunner RELEASE = new ScriptRunner(Scripts.RELEASE, ScriptOutputType.INTEGER);
    private static final ScriptRunner REFRESH = new ScriptRunner(Scripts.REFRESH, ScriptOutputType.MULTI);

    private final String nodeId;
    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final ClusterKeys keys;
    private final byte[] ttlMillis;
    private final NodeRegistry registry;
    private final Consumer<PresenceRecord> evictRemote;
    private final Map<String, byte[]> owned = new ConcurrentHashMap<>();
    // Orders "forget + send RELEASE" against "still owned? + send CLAIM" (the heartbeat's write-back): one
    // connection runs commands in the order they were sent, so a released claim is never written back.
    private final Object sendOrder = new Object();

    /**
     * @param evictRemote told about a holder on another node that a take-over displaced, so that node closes it
     */
    RedisPresenceStore(String nodeId, StatefulRedisConnection<byte[], byte[]> redis, ClusterKeys keys,
                       long ttlMillis, NodeRegistry registry, Consumer<PresenceRecord> evictRemote) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.keys = keys;
        this.ttlMillis = Long.toString(ttlMillis).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.registry = registry;
        this.evictRemote = evictRemote;
    }

    @Override
    public Optional<PresenceRecord> claim(PresenceRecord record) {
        byte[] value = PresenceCodec.encode(record);
        byte[] holder = call("claim device " + record.deviceId(), value,
                () -> CLAIM.run(redis, new byte[][] {keys.presence(record.deviceId())}, value, ttlMillis));
        if (holder == null) {
            owned.put(record.deviceId(), value);
            return Optional.empty();
        }
        return Optional.of(decode(holder, record.deviceId()));
    }

    @Override
    public Optional<PresenceRecord> takeOver(PresenceRecord record) {
        byte[] value = PresenceCodec.encode(record);
        byte[] previous = call("take over device " + record.deviceId(), value,
                () -> TAKE_OVER.run(redis, new byte[][] {keys.presence(record.deviceId())}, value, ttlMillis));
        owned.put(record.deviceId(), value);
        if (previous == null || Arrays.equals(previous, value)) {
            return Optional.empty();
        }
        PresenceRecord old = decode(previous, record.deviceId());
        if (!old.nodeId().equals(nodeId)) {
            evictRemote.accept(old);
        }
        return Optional.of(old);
    }

    /**
     * Releases without waiting for Redis (the hub calls this on a line's event loop as it closes). The answer
     * is this node's view: whether it still owned the claim. A release Redis never sees (Redis down) is
     * harmless: the claim is no longer refreshed and expires after the TTL.
     */
    @Override
    public boolean release(PresenceRecord record) {
        byte[] value = PresenceCodec.encode(record);
        synchronized (sendOrder) {
            boolean wasOwned = owned.remove(record.deviceId(), ownedValue(record.deviceId(), value));
            try {
                RELEASE.runAsync(redis, new byte[][] {keys.presence(record.deviceId())}, value)
                        .whenComplete((released, failure) -> {
                            if (failure != null) {
                                log.warn("could not release device {} in Redis ({}); its claim expires by its TTL",
                                        record.deviceId(), failure.toString());
                            }
                        });
            } catch (RedisException e) {
                log.warn("could not release device {} in Redis ({}); its claim expires by its TTL",
                        record.deviceId(), e.toString());
            }
            return wasOwned;
        }
    }

    @Override
    public Optional<PresenceRecord> holder(String deviceId) {
        byte[] value = call("look up device " + deviceId, () -> redis.sync().get(keys.presence(deviceId)));
        return value == null ? Optional.empty() : Optional.of(decode(value, deviceId));
    }

    /** Devices held cluster-wide, as the live nodes last reported them in their heartbeats. */
    @Override
    public int size() {
        return call("count devices", () -> registry.liveNodes().stream().mapToInt(NodeRegistry.NodeInfo::devices).sum());
    }

    /**
     * Forgets a claim another node took over (its eviction notice arrived), so the heartbeat neither refreshes
     * nor reports it again; false when this node no longer held it.
     */
    boolean disown(PresenceRecord record) {
        byte[] value = PresenceCodec.encode(record);
        return owned.remove(record.deviceId(), ownedValue(record.deviceId(), value));
    }

    /** Claims this node holds now. */
    public int ownedCount() {
        return owned.size();
    }

    /**
     * The heartbeat: extends every claim this node holds, writes back claims Redis lost, and returns the
     * claims another line took meanwhile (this node must close those lines).
     */
    List<PresenceRecord> refresh() {
        return refresh(() -> { });
    }

    /** As {@link #refresh()}; {@code afterSnapshot} runs between taking the snapshot and sending it (tests). */
    List<PresenceRecord> refresh(Runnable afterSnapshot) {
        List<Map.Entry<String, byte[]>> snapshot = new ArrayList<>(owned.entrySet());
        afterSnapshot.run();
        List<PresenceRecord> lost = new ArrayList<>();
        for (int from = 0; from < snapshot.size(); from += REFRESH_BATCH) {
            List<Map.Entry<String, byte[]>> batch = snapshot.subList(from, Math.min(snapshot.size(), from + REFRESH_BATCH));
            byte[][] batchKeys = new byte[batch.size()][];
            byte[][] args = new byte[batch.size() + 1][];
            args[0] = ttlMillis;
            for (int i = 0; i < batch.size(); i++) {
                batchKeys[i] = keys.presence(batch.get(i).getKey());
                args[i + 1] = batch.get(i).getValue();
            }
            List<Object> answer = REFRESH.run(redis, batchKeys, args);
            for (Object index : (List<?>) answer.get(0)) {
                Map.Entry<String, byte[]> entry = batch.get(((Long) index).intValue() - 1);
                if (owned.remove(entry.getKey(), entry.getValue())) {
                    lost.add(PresenceCodec.decode(entry.getValue()));
                }
            }
            for (Object index : (List<?>) answer.get(1)) {
                Map.Entry<String, byte[]> entry = batch.get(((Long) index).intValue() - 1);
                writeBack(entry.getKey(), entry.getValue());
            }
        }
        return lost;
    }

    /**
     * A claim Redis lost (restart, eviction) while its line is still open here: claimed again if nobody took the
     * device meanwhile. A holder found instead is reported by the next heartbeat as lost.
     */
    private void writeBack(String deviceId, byte[] value) {
        synchronized (sendOrder) {
            if (owned.get(deviceId) != value) {
                return; // released (or replaced) since the snapshot
            }
            CLAIM.runAsync(redis, new byte[][] {keys.presence(deviceId)}, value, ttlMillis);
        }
    }

    /** At shutdown: releases whatever this node still holds, in one script per batch, waiting for Redis. */
    void releaseAll() {
        List<Map.Entry<String, byte[]>> snapshot = new ArrayList<>(owned.entrySet());
        for (int from = 0; from < snapshot.size(); from += REFRESH_BATCH) {
            List<Map.Entry<String, byte[]>> batch = snapshot.subList(from, Math.min(snapshot.size(), from + REFRESH_BATCH));
            byte[][] batchKeys = new byte[batch.size()][];
            byte[][] values = new byte[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                batchKeys[i] = keys.presence(batch.get(i).getKey());
                values[i] = batch.get(i).getValue();
            }
            RELEASE.<Long>run(redis, batchKeys, values);
            batch.forEach(entry -> owned.remove(entry.getKey(), entry.getValue()));
        }
    }

    private byte[] ownedValue(String deviceId, byte[] value) {
        // ConcurrentHashMap.remove(key, value) compares with equals(), which arrays do not override.
        byte[] current = owned.get(deviceId);
        return current != null && Arrays.equals(current, value) ? current : value;
    }

    private static PresenceRecord decode(byte[] value, String deviceId) {
        try {
            return PresenceCodec.decode(value);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the presence entry of device " + deviceId
                    + " in Redis is not readable by this node (" + e.getMessage() + "); is another version running?", e);
        }
    }

    private <T> T call(String what, java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * A claim whose answer was lost (timeout) may still have been written: it is undone at once, best effort,
     * so the refused device is not held by its own failed attempt until the TTL.
     */
    private <T> T call(String what, byte[] claimValue, java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            String deviceId = PresenceCodec.decode(claimValue).deviceId();
            try {
                RELEASE.runAsync(redis, new byte[][] {keys.presence(deviceId)}, claimValue);
            } catch (RedisException ignored) {
                // Not connected: nothing was written, or the TTL will take it.
            }
            throw new ClusterUnavailableException("Redis could not " + what + ": " + e.getMessage(), e);
        }
    }
}
