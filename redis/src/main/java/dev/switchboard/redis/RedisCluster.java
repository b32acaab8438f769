package dev.switchboard.redis;

import dev.switchboard.core.cluster.Broker;
import dev.switchboard.core.cluster.ClusterUnavailableException;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.cluster.PresenceStore;
import dev.switchboard.redis.protocol.ClusterFrame;
import dev.switchboard.redis.protocol.FrameCodec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership in a cluster through one Redis server: the Lettuce connections (one for commands, one
 * for pub/sub), the {@link RedisBroker}, the {@link RedisPresenceStore} and the heartbeat on thread
 * {@code sb-cluster} that keeps this node's claims and registry entry alive.
 *
 * <p>Reconnection is Lettuce's: while Redis is away commands fail at once (never queue without bound),
 * {@link #redisUp()} is false, and Lettuce re-establishes both connections, re-subscribing the channels, when
 * Redis is back.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);

    private final RedisClusterSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private final ClusterKeys keys;
    private final ClusterMeters meters;
    private final NodeRegistry registry;
    private final RedisPresenceStore presence;
    private final RedisBroker broker;
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Consumer<PresenceRecord> evicted = lost -> { };
    private volatile java.util.function.BiConsumer<String, dev.switchboard.core.hub.CloseReason> closeRequested =
            (lineId, reason) -> { };
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile Instant lastBeat;
    private volatile int liveNodes = 1;

    private RedisCluster(RedisClusterSettings settings, RedisClient client, StatefulRedisConnection<byte[], byte[]> redis,
                         StatefulRedisPubSubConnection<byte[], byte[]> pubsub, MeterRegistry meterRegistry) {
        this.settings = settings;
        this.client = client;
        this.redis = redis;
        this.pubsub = pubsub;
        this.keys = new ClusterKeys(settings.keyPrefix());
        this.meters = new ClusterMeters(meterRegistry);
        this.registry = new NodeRegistry(redis, keys, settings.presenceTtl(), Clock.systemUTC());
        this.presence = new RedisPresenceStore(settings.nodeId(), redis, keys, settings.presenceTtl().toMillis(),
                registry, this::evictRemote);
        this.broker = new RedisBroker(settings.nodeId(), redis, keys, presence::holder, pubsub::isOpen,
                settings.ackTimeout(), meters);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sb-cluster");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("switchboard.cluster.redis.up", this, c -> c.redisUp() ? 1 : 0)
                .description("1 while both Redis connections are open").register(meterRegistry);
        Gauge.builder("switchboard.cluster.claims", presence, RedisPresenceStore::ownedCount)
                .description("Device claims this node holds in Redis").register(meterRegistry);
    }

    /**
     * Connects, checks the node id is not in use by a live node, subscribes and starts the heartbeat.
     *
     * @throws ClusterUnavailableException when Redis cannot be reached or refuses the node
     */
    public static RedisCluster join(RedisClusterSettings settings, MeterRegistry meterRegistry) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(settings.commandTimeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away a command fails at once instead of queueing: no unbounded buffer, no hang.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(65_536)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        StatefulRedisConnection<byte[], byte[]> redis = null;
        StatefulRedisPubSubConnection<byte[], byte[]> pubsub = null;
        try {
            redis = client.connect(ByteArrayCodec.INSTANCE);
            pubsub = client.connectPubSub(ByteArrayCodec.INSTANCE);
            RedisCluster cluster = new RedisCluster(settings, client, redis, pubsub, meterRegistry);
            cluster.start();
            return cluster;
        } catch (RedisException | ClusterUnavailableException e) {
            if (pubsub != null) {
                pubsub.close();
            }
            if (redis != null) {
                redis.close();
            }
            client.shutdown();
            if (e instanceof ClusterUnavailableException refused) {
                throw refused;
            }
            throw new ClusterUnavailableException("cannot reach Redis at " + describe(uri) + ": " + e.getMessage(), e);
        }
    }

    private void start() {
        if (registry.isLive(settings.nodeId())) {
            throw new ClusterUnavailableException("node id " + settings.nodeId() + " is in use by a live node of cluster "
                    + keys.prefix() + "; give each node its own cluster.nodeId (or leave it unset)", null);
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                dispatch(message);
            }
        });
        pubsub.sync().subscribe(keys.allChannel(), keys.nodeChannel(settings.nodeId()));
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!closed.get()) {
                    lost("connection closed");
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (!closed.get()) {
                    // Never on Lettuce's own thread: the heartbeat uses blocking commands.
                    heartbeat.execute(RedisCluster.this::beat);
                }
            }
        });
        beat();
        long every = settings.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        log.info("joined cluster {} on Redis {} as node {} (presence TTL {} ms, heartbeat every {} ms)", keys.prefix(),
                describe(RedisURI.create(settings.redisUrl())), settings.nodeId(), settings.presenceTtl().toMillis(), every);
    }

    public Broker broker() {
        return broker;
    }

    public PresenceStore presence() {
        return presence;
    }

    /** A pairing store on this cluster's Redis (not wired into the node yet; see {@link RedisPairingStore}). */
    public RedisPairingStore pairingStore() {
        return new RedisPairingStore(redis, keys);
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * Called with each claim this node lost to a line elsewhere (a take-over on another node, or a claim that
     * expired during an outage and was taken meanwhile): the node closes that line.
     */
    public void onEvicted(Consumer<PresenceRecord> listener) {
        this.evicted = listener;
    }

    /** Called with each line an operator on another node asked this node to close. */
    public void onCloseRequested(java.util.function.BiConsumer<String, dev.switchboard.core.hub.CloseReason> listener) {
        this.closeRequested = listener;
    }

    /** Both connections are open: presence can be claimed and publishes cross nodes. */
    public boolean redisUp() {
        return redis.isOpen() && pubsub.isOpen();
    }

    /** What health and status show; cheap (no Redis call). */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", "redis");
        status.put("node", settings.nodeId());
        status.put("redis", describe(RedisURI.create(settings.redisUrl())));
        status.put("redisUp", redisUp());
        status.put("keyPrefix", keys.prefix());
        status.put("liveNodes", liveNodes);
        status.put("claims", presence.ownedCount());
        status.put("lastHeartbeat", lastBeat == null ? null : lastBeat.toString());
        return status;
    }

    /** The live nodes as their heartbeats describe them (asks Redis). */
    public List<Map<String, Object>> nodes() {
        return registry.liveNodes().stream().map(info -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("node", info.nodeId());
            node.put("lastSeen", info.lastSeen().toString());
            node.put("devices", info.devices());
            return node;
        }).toList();
    }

    /** One heartbeat now (tests call this instead of waiting for the schedule). */
    void beat() {
        try {
            List<PresenceRecord> lost = presence.refresh();
            registry.beat(settings.nodeId(), presence.ownedCount());
            liveNodes = registry.liveNodes().size();
            lastBeat = Instant.now();
            if (redisUp() && reachable.compareAndSet(false, true)) {
                log.info("Redis is reachable again: node {} is ready and refreshed its {} claim(s)", settings.nodeId(),
                        presence.ownedCount());
            }
            for (PresenceRecord record : lost) {
                log.info("device {} was claimed by another line while this node could not refresh it; closing line {}",
                        record.deviceId(), record.lineId());
                evict(record);
            }
        } catch (RuntimeException e) {
            lost(e.toString());
        }
    }

    private void lost(String why) {
        if (reachable.compareAndSet(true, false)) {
            log.warn("Redis {} unreachable ({}): node {} is not ready, refuses new device lines with 503 and "
                    + "publishes to its own lines only; Lettuce keeps reconnecting, and this node's claims expire in "
                    + "{} ms unless Redis returns", describe(RedisURI.create(settings.redisUrl())), why,
                    settings.nodeId(), settings.presenceTtl().toMillis());
        } else {
            log.debug("Redis still unreachable: {}", why);
        }
    }

    private void dispatch(byte[] message) {
        ClusterFrame frame;
        try {
            frame = FrameCodec.decode(message);
        } catch (RuntimeException e) {
            meters.badFrames.increment();
            meters.warnRateLimited(log, "dropped an undecodable cluster message of {} bytes: {}", message.length,
                    e.getMessage());
            return;
        }
        try {
            if (frame instanceof ClusterFrame.Publish publish) {
                broker.received(publish);
            } else if (frame instanceof ClusterFrame.Ack ack) {
                broker.acked(ack);
            } else if (frame instanceof ClusterFrame.Evict evict && presence.disown(evict.lost())) {
                evict(evict.lost());
            } else if (frame instanceof ClusterFrame.Close close) {
                closeRequested.accept(close.lineId(), new dev.switchboard.core.hub.CloseReason(close.code(), close.text()));
            }
        } catch (RuntimeException e) {
            log.warn("cluster message {} failed: {}", frame.getClass().getSimpleName(), e.toString(), e);
        }
    }

    private void evict(PresenceRecord lost) {
        meters.evicted.increment();
        evicted.accept(lost);
    }

    private void evictRemote(PresenceRecord lost) {
        try {
            redis.async().publish(keys.nodeChannel(lost.nodeId()), FrameCodec.encode(new ClusterFrame.Evict(lost)));
        } catch (RedisException e) {
            log.warn("could not tell node {} to close line {} of device {}: {}", lost.nodeId(), lost.lineId(),
                    lost.deviceId(), e.toString());
        }
    }

    /** Releases what this node still holds, leaves the registry, unsubscribes and disconnects. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            presence.releaseAll();
            registry.leave(settings.nodeId());
        } catch (RuntimeException e) {
            log.warn("could not release this node's claims in Redis ({}); they expire in {} ms", e.toString(),
                    settings.presenceTtl().toMillis());
        }
        pubsub.close();
        redis.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        log.info("node {} left cluster {}", settings.nodeId(), keys.prefix());
    }

    /** Stops as a crashed process would: no release, no goodbye; the claims are left to expire. */
    void crashForTest() {
        closed.set(true);
        heartbeat.shutdownNow();
        pubsub.close();
        redis.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    StatefulRedisConnection<byte[], byte[]> redisForTest() {
        return redis;
    }

    /** host:port of a Redis URI, never its password. */
    static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
    }
}
