package dev.switchboard.bench.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Runs a {@link BroadcastPlan} against one {@link Target}, measuring the server through a {@link ProcessProbe}. */
public final class BroadcastRun {

    /** A drain ends when every message arrived, or when nothing arrived for this long. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** ... or at the latest after this long: a server far behind a fixed rate fails rather than stalls the run. */
    private static final long DRAIN_MAX_NANOS = TimeUnit.SECONDS.toNanos(30);

    private BroadcastRun() {
    }

    /**
     * @param dropped what the server reports it dropped on purpose (slow consumers), read after the run;
     *                {@code () -> 0} for a server that reports nothing
     */
    public static BroadcastResult run(Target target, BroadcastPlan plan, ProcessProbe server, LongSupplier dropped)
            throws InterruptedException, IOException {
        return run(target, plan, server, dropped, t -> new HttpPublisher(t.publish(), t.headers(), t.body(), 4), false);
    }

    /** Opens the publisher a run sends through. */
    @FunctionalInterface
    public interface Publishers {
        Publisher open(Target target) throws IOException, InterruptedException;
    }

    /**
     * @param targeted each message goes to one line (its body names it) instead of every line
     */
    public static BroadcastResult run(Target target, BroadcastPlan plan, ProcessProbe server, LongSupplier dropped,
                                      Publishers publishers, boolean targeted) throws InterruptedException, IOException {
        Latency latency = new Latency();
        try (WsClients clients = new WsClients(plan.threads(), latency)) {
            WsClients.Opened opened = clients.open(plan.connections(), target.subscriber(), target.protocol(),
                    plan.connectRate(), Duration.ofSeconds(60).plusMillis((long) (plan.connectRate() > 0
                            ? plan.connections() * 1000 / plan.connectRate() : 0)));
            if (opened.ready() < plan.connections()) {
                String failure = (plan.connections() - opened.ready()) + " of " + plan.connections()
                        + " lines did not open (first error: " + opened.firstError() + ")";
                return new BroadcastResult(target.name(), opened.ready(), opened.perSecond(), 0, 0, 0, 0, 0, 0, 0, 0,
                        latency.snapshot(), 0, server.residentBytes(), failure);
            }
            Thread.sleep(200); // let the server settle its subscriptions before the clock starts
            try (Publisher publisher = publishers.open(target)) {
                PacedWindow paced = PacedWindow.publish(publisher, latency, server, plan.rate(), plan.warmup(),
                        plan.duration(), plan.size(), server.residentBytes());
                long cpuAfter = server.cpuNanos();
                long deliveredInWindow = paced.deliveredIn(latency);
                double deliveredPerSecond = paced.deliveredPerSecond(latency);
                int lines = clients.ready() + clients.lost();
                long expected = drain(latency, publisher, targeted ? 1 : lines);
                long reported = dropped.getAsLong();
                String failure = BroadcastResult.judge(plan.connections(), lines, clients.lost(), publisher.accepted(),
                        publisher.refused(), expected, latency.delivered(), reported);
                if (failure != null && publisher.firstError() != null) {
                    failure += " (publisher: " + publisher.firstError() + ")";
                }
                return new BroadcastResult(target.name(), lines, opened.perSecond(), publisher.accepted(),
                        publisher.refused(), expected, latency.delivered(), reported, latency.unstampedCount(),
                        clients.lost(), deliveredPerSecond, latency.snapshot(),
                        (cpuAfter - paced.cpuBefore()) / 1000.0 / Math.max(1, deliveredInWindow), paced.peakRss(),
                        failure);
            }
        }
    }

    /** Waits for publishes to be answered and their deliveries to arrive; returns the deliveries expected. */
    private static long drain(Latency latency, Publisher publisher, int lines) throws InterruptedException {
        long submitted = publisher.submitted();
        long lastProgress = System.nanoTime();
        long giveUp = lastProgress + DRAIN_MAX_NANOS;
        long seen = -1;
        while (true) {
            long answered = publisher.accepted() + publisher.refused();
            long expected = publisher.accepted() * lines;
            long delivered = latency.delivered();
            if (answered >= submitted && delivered >= expected) {
                return expected;
            }
            long progress = delivered + answered;
            if (progress != seen) {
                seen = progress;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_NANOS) {
                return expected;
            }
            if (System.nanoTime() > giveUp) {
                return expected;
            }
            Thread.sleep(50);
        }
    }
}
