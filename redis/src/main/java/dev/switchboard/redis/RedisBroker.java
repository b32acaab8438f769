package dev.switchboard.redis;

import dev.switchboard.core.cluster.Broker;
import dev.switchboard.core.cluster.Envelope;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.hub.Target;
import dev.switchboard.redis.protocol.ClusterFrame;
import dev.switchboard.redis.protocol.FrameCodec;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries publishes between nodes over Redis pub/sub.
 *
 * <p>This node's own lines are served directly, without a Redis round trip. A device publish that no line here
 * took goes only to the node that holds the device (its presence entry names it), on that node's channel, or,
 * when no line holds it, on the shared channel (a session in its resume grace on any node may take it); a
 * publish to a user, a channel or everyone goes on the shared channel every node listens to. Each receiving
 * node delivers to its lines and, when asked, answers with an ack carrying its count, so the publisher can
 * report {@code delivered} for the whole cluster: this node's count plus the acks that arrive within
 * {@code ackTimeout}. A node that answers later is not counted (and the meter
 * {@code switchboard.cluster.ack.timeouts} says so).
 *
 * <p>When Redis cannot be reached the publish still reaches this node's lines and reports only them; the
 * failure is counted and logged.
 */
public final class RedisBroker implements Broker {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final String nodeId;
    private final StatefulRedisConnection<byte[], byte[]> redis;
    private final ClusterKeys keys;
    private final Function<String, Optional<PresenceRecord>> holderOf;
    private final BooleanSupplier listening;
    private final long ackTimeoutNanos;
    private final ClusterMeters meters;
    private final PendingAcks pending = new PendingAcks();
    private final AtomicLong publishIds = new AtomicLong();
    private volatile Subscriber local;

    /**
     * @param holderOf  the presence lookup: which node holds a device
     * @param listening whether this node's own subscription is up (then it is one of a shared publish's receivers)
     */
    RedisBroker(String nodeId, StatefulRedisConnection<byte[], byte[]> redis, ClusterKeys keys,
                Function<String, Optional<PresenceRecord>> holderOf, BooleanSupplier listening, Duration ackTimeout,
                ClusterMeters meters) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.keys = keys;
        this.holderOf = holderOf;
        this.listening = listening;
        this.ackTimeoutNanos = ackTimeout.toNanos();
        this.meters = meters;
    }

    @Override
    public int publish(Envelope envelope) {
        Subscriber here = local;
        int reached = here == null ? 0 : here.onEnvelope(envelope);
        try {
            if (envelope.target() instanceof Target.Device device) {
                if (reached > 0) {
                    return reached; // one line per device, cluster-wide: it is here
                }
                Optional<PresenceRecord> holder = holderOf.apply(device.deviceId());
                if (holder.isEmpty()) {
                    // No line holds the device, but a session waiting out its resume grace on some node may
                    // still take the message for replay: every node is asked.
                    return reached + send(keys.allChannel(), envelope, true);
                }
                if (holder.get().nodeId().equals(nodeId)) {
                    return reached;
                }
                return reached + send(keys.nodeChannel(holder.get().nodeId()), envelope, false);
            }
            return reached + send(keys.allChannel(), envelope, true);
        } catch (RuntimeException e) {
            meters.publishFailed.increment();
            meters.warnRateLimited(log, "publish {} reached only this node's {} line(s): Redis is unreachable ({})",
                    envelope.target().describe(), reached, e.toString());
            return reached;
        }
    }

    private int send(byte[] channel, Envelope envelope, boolean shared) {
        boolean wait = ackTimeoutNanos > 0;
        long id = publishIds.incrementAndGet();
        if (!wait && shared) {
            // Nothing to count: do not hold the caller's thread for the PUBLISH round trip either.
            redis.async().publish(channel, FrameCodec.encode(new ClusterFrame.Publish(id, false, envelope)))
                    .whenComplete((receivers, failure) -> {
                        if (failure != null) {
                            meters.publishFailed.increment();
                            meters.warnRateLimited(log, "publish {} did not reach the other nodes: {}",
                                    envelope.target().describe(), failure.toString());
                        } else {
                            meters.published.increment();
                        }
                    });
            return 0;
        }
        PendingAcks.Tally tally = wait ? pending.open(id) : null;
        try {
            long receivers = redis.sync().publish(channel,
                    FrameCodec.encode(new ClusterFrame.Publish(id, wait, envelope)));
            meters.published.increment();
            // The shared channel reaches this node too (it ignores its own publishes) — it is no remote receiver.
            int remote = (int) Math.max(0, receivers - (shared && listening.getAsBoolean() ? 1 : 0));
            if (remote == 0) {
                return 0;
            }
            if (!wait) {
                // Without acks only a device publish can be counted: its one holder node received it.
                return shared ? 0 : 1;
            }
            PendingAcks.Result result = tally.await(remote, ackTimeoutNanos);
            if (result.acks() < remote) {
                meters.ackTimeouts.increment();
                log.debug("publish {}: {} of {} node(s) answered within the ack timeout",
                        envelope.target().describe(), result.acks(), remote);
            }
            return result.delivered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (wait) {
                pending.close(id);
            }
        }
    }

    /** A publish from another node (the cluster's pub/sub listener calls this on a Lettuce thread). */
    void received(ClusterFrame.Publish frame) {
        Envelope envelope = frame.envelope();
        if (envelope.originNode().equals(nodeId)) {
            return; // served directly when it was published
        }
        Subscriber here = local;
        int delivered = here == null ? 0 : here.onEnvelope(envelope);
        meters.received.increment();
        if (frame.ackWanted()) {
            try {
                redis.async().publish(keys.nodeChannel(envelope.originNode()),
                        FrameCodec.encode(new ClusterFrame.Ack(frame.publishId(), nodeId, delivered)));
            } catch (RedisException e) {
                log.debug("could not ack publish {} to {}: {}", frame.publishId(), envelope.originNode(), e.toString());
            }
        }
    }

    @Override
    public boolean closeRemote(PresenceRecord holder, dev.switchboard.core.hub.CloseReason reason) {
        try {
            return redis.sync().publish(keys.nodeChannel(holder.nodeId()),
                    FrameCodec.encode(new ClusterFrame.Close(holder.lineId(), reason.code(), reason.text()))) > 0;
        } catch (RedisException e) {
            log.warn("could not ask node {} to close line {}: {}", holder.nodeId(), holder.lineId(), e.toString());
            return false;
        }
    }

    void acked(ClusterFrame.Ack ack) {
        if (!pending.ack(ack.publishId(), ack.delivered())) {
            meters.lateAcks.increment();
        }
    }

    @Override
    public Subscription subscribe(String subscriberNode, Subscriber subscriber) {
        if (!nodeId.equals(subscriberNode)) {
            throw new IllegalArgumentException("this broker serves node " + nodeId + ", not " + subscriberNode);
        }
        synchronized (this) {
            if (local != null) {
                throw new IllegalStateException("node " + nodeId + " is already subscribed");
            }
            local = subscriber;
        }
        return () -> {
            synchronized (this) {
                if (local == subscriber) {
                    local = null;
                }
            }
        };
    }

    int pendingCount() {
        return pending.size();
    }
}
