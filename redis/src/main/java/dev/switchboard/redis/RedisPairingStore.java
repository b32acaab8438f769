package dev.switchboard.redis;

import dev.switchboard.core.cluster.ClusterUnavailableException;
import dev.switchboard.core.cluster.PairingRecord;
import dev.switchboard.core.cluster.PairingStore;
import dev.switchboard.redis.protocol.Scripts;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Pairing codes and pairings in Redis: one hash per code, an index of unjoined codes by expiry and a set of
 * every code. Create, join and remove are each one Lua script, so of many lines joining one code on any nodes
 * exactly one wins, and an expiry sweep never removes a code that a join has just taken. An unjoined code's
 * hash also carries a Redis expiry (its own expiry plus {@link #ORPHAN_GRACE}), so the codes of a node that
 * crashed do not outlive it for long.
 *
 * <p>Not wired into a node yet: {@code PairingService} relays between two lines of one node, so a code must
 * be joined on the node that created it (docs/cluster.md). This store is the shared half for when the relay
 * crosses nodes.
 */
public final class RedisPairingStore implements PairingStore {

    static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);
    private static final ScriptRunner CREATE = new ScriptRunner(Scripts.PAIRING_CREATE, ScriptOutputType.INTEGER);
    private static final ScriptRunner JOIN = new ScriptRunner(Scripts.PAIRING_JOIN, ScriptOutputType.MULTI);
    private static final ScriptRunner REMOVE = new ScriptRunner(Scripts.PAIRING_REMOVE, ScriptOutputType.MULTI);

    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final ClusterKeys keys;

    public RedisPairingStore(StatefulRedisConnection<byte[], byte[]> redis, ClusterKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean create(PairingRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.isPaired()) {
            throw new IllegalArgumentException("a new code must be open, was paired: " + record.code());
        }
        long expiresMillis = record.expiresAt().toEpochMilli();
        List<byte[]> args = new ArrayList<>(List.of(b(record.code()), b(Long.toString(expiresMillis)),
                b(Long.toString(expiresMillis + ORPHAN_GRACE.toMillis()))));
        field(args, "creatorLineId", record.creatorLineId());
        field(args, "creatorNode", record.creatorNode());
        instant(args, "created", record.createdAt());
        instant(args, "expires", record.expiresAt());
        Long created = call("create pairing code", () -> CREATE.run(redis, keysOf(record.code()), args.toArray(byte[][]::new)));
        return created == 1L;
    }

    @Override
    public Optional<PairingRecord> join(String code, String joinerLineId, String joinerNode, Instant now) {
        Objects.requireNonNull(joinerLineId, "joinerLineId");
        Objects.requireNonNull(joinerNode, "joinerNode");
        Objects.requireNonNull(now, "now");
        if (code == null) {
            return Optional.empty();
        }
        List<Object> joined = call("join pairing code", () -> JOIN.run(redis, keysOf(code), b(code),
                b(Long.toString(now.getEpochSecond())), b(Integer.toString(now.getNano())), b(joinerLineId),
                b(joinerNode), b(Long.toString(now.getEpochSecond())), b(Integer.toString(now.getNano()))));
        return Optional.ofNullable(decode(code, joined));
    }

    @Override
    public Optional<PairingRecord> get(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Map<byte[], byte[]> hash = call("read pairing code", () -> redis.sync().hgetall(keys.pairing(code)));
        return Optional.ofNullable(decodeHash(code, hash));
    }

    @Override
    public Optional<PairingRecord> remove(String code) {
        if (code == null) {
            return Optional.empty();
        }
        List<Object> removed = call("remove pairing code", () -> REMOVE.run(redis, keysOf(code), b(code), b("0"), b("0"), b("0")));
        return Optional.ofNullable(decode(code, removed));
    }

    @Override
    public Collection<PairingRecord> removeExpired(Instant now) {
        List<byte[]> due = call("list expired pairing codes", () -> redis.sync().zrangebyscore(keys.openPairings(),
                Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli())));
        List<PairingRecord> removed = new ArrayList<>();
        for (byte[] raw : due) {
            String code = new String(raw, StandardCharsets.UTF_8);
            List<Object> record = call("expire pairing code", () -> REMOVE.run(redis, keysOf(code), raw, b("1"),
                    b(Long.toString(now.getEpochSecond())), b(Integer.toString(now.getNano()))));
            PairingRecord decoded = decode(code, record);
            if (decoded != null) {
                removed.add(decoded);
            }
        }
        return removed;
    }

    @Override
    public Collection<PairingRecord> all() {
        List<PairingRecord> all = new ArrayList<>();
        for (byte[] raw : call("list pairing codes", () -> redis.sync().smembers(keys.allPairings()))) {
            String code = new String(raw, StandardCharsets.UTF_8);
            get(code).ifPresentOrElse(all::add,
                    // The hash expired (its node crashed before the code was swept): drop the index entry too.
                    () -> redis.async().srem(keys.allPairings(), raw));
        }
        return all;
    }

    @Override
    public int size() {
        return call("count pairing codes", () -> redis.sync().scard(keys.allPairings())).intValue();
    }

    private byte[][] keysOf(String code) {
        return new byte[][] {keys.pairing(code), keys.openPairings(), keys.allPairings()};
    }

    private static PairingRecord decode(String code, List<Object> flat) {
        // A script's nil arrives as no list, an empty one or a list holding one null, depending on the protocol.
        if (flat == null || flat.size() < 2 || flat.get(0) == null) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(s((byte[]) flat.get(i)), s((byte[]) flat.get(i + 1)));
        }
        return fromFields(code, fields);
    }

    private static PairingRecord decodeHash(String code, Map<byte[], byte[]> hash) {
        if (hash == null || hash.isEmpty()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        hash.forEach((k, v) -> fields.put(s(k), s(v)));
        return fromFields(code, fields);
    }

    private static PairingRecord fromFields(String code, Map<String, String> f) {
        try {
            return new PairingRecord(code, f.get("creatorLineId"), f.get("creatorNode"), f.get("joinerLineId"),
                    f.get("joinerNode"), instant(f, "created"), instant(f, "expires"),
                    f.containsKey("pairedSec") ? instant(f, "paired") : null);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("the pairing entry " + code + " in Redis is not readable by this node ("
                    + e.getMessage() + ")", e);
        }
    }

    private static Instant instant(Map<String, String> fields, String name) {
        return Instant.ofEpochSecond(Long.parseLong(fields.get(name + "Sec")), Long.parseLong(fields.get(name + "Nano")));
    }

    private static void field(List<byte[]> args, String name, String value) {
        args.add(b(name));
        args.add(b(value));
    }

    private static void instant(List<byte[]> args, String name, Instant value) {
        field(args, name + "Sec", Long.toString(value.getEpochSecond()));
        field(args, name + "Nano", Integer.toString(value.getNano()));
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static <T> T call(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis could not " + what + ": " + e.getMessage(), e);
        }
    }
}
