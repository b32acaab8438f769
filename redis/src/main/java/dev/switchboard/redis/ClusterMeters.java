package dev.switchboard.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** {@code switchboard.cluster.*}: what crossed Redis and what went wrong on the way. */
final class ClusterMeters {

    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    final Counter published;
    final Counter received;
    final Counter publishFailed;
    final Counter ackTimeouts;
    final Counter lateAcks;
    final Counter badFrames;
    final Counter evicted;
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ClusterMeters(MeterRegistry registry) {
        published = Counter.builder("switchboard.cluster.published")
                .description("Publishes sent to other nodes through Redis").register(registry);
        received = Counter.builder("switchboard.cluster.received")
                .description("Publishes received from other nodes").register(registry);
        publishFailed = Counter.builder("switchboard.cluster.publish.failed")
                .description("Publishes that reached only this node because Redis failed").register(registry);
        ackTimeouts = Counter.builder("switchboard.cluster.ack.timeouts")
                .description("Publishes for which some node did not report its deliveries in time").register(registry);
        lateAcks = Counter.builder("switchboard.cluster.ack.late")
                .description("Delivery reports that arrived after their publisher stopped waiting").register(registry);
        badFrames = Counter.builder("switchboard.cluster.frames.bad")
                .description("Pub/sub messages this node could not decode (dropped)").register(registry);
        evicted = Counter.builder("switchboard.cluster.evicted")
                .description("Lines closed because another node took their device").register(registry);
    }

    /** Logs at WARN at most once every 10 s, so an outage does not flood the log. */
    void warnRateLimited(Logger log, String format, Object... args) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            log.warn(format, args);
        } else {
            log.debug(format, args);
        }
    }
}
