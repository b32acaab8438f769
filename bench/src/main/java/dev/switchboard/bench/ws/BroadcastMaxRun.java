package dev.switchboard.bench.ws;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Broadcast "max" mode: opens the subscribers once, then lets a {@link MaxRateSearch} run short steps at
 * fixed rates over them (each a warm-up then a measured window, with its own publisher and its own
 * delivery accounting) to find the highest rate delivered in full with p99 within the bound.
 */
public final class BroadcastMaxRun {

    /** A step's drain ends when nothing arrived for this long ... */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** ... and after a failing step the server gets at most this long to empty its queues before the next. */
    private static final long SETTLE_MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * What a max run found: {@code outcome} holds every step and the best; {@code failure} is non-null when
     * the run could not search at all (lines did not open) or no rate passed.
     */
    public record Result(String server, int lines, double connectsPerSecond, MaxRateSearch.Outcome outcome,
                         long serverRssBytes, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /**
     * The step shape: {@code connections} subscribers, messages of {@code size} bytes, each step publishing
     * for {@code warmup} then {@code window}; before the first step, {@code serverWarmup} of publishing at
     * {@code serverWarmupRate} that is not judged, so a JIT-compiled server is not failed for starting cold
     * (a cold first step would otherwise cap the whole search).
     */
    public record Plan(int connections, double connectRate, int size, Duration warmup, Duration window, int threads,
                       Duration serverWarmup, double serverWarmupRate) {
        public Plan {
            // the same checks as a fixed-rate run
            new BroadcastPlan(connections, connectRate, 1, size, warmup, window, threads);
            if (serverWarmup.isNegative() || !(serverWarmupRate > 0)) {
                throw new IllegalArgumentException("server warm-up must not be negative and its rate must be positive");
            }
        }
    }

    private BroadcastMaxRun() {
    }

    public static Result run(Target target, Plan plan, MaxRateSearch search, ProcessProbe server, LongSupplier dropped)
            throws Exception {
        return run(target, plan, search, server, dropped,
                t -> new HttpPublisher(t.publish(), t.headers(), t.body(), 4));
    }

    public static Result run(Target target, Plan plan, MaxRateSearch search, ProcessProbe server, LongSupplier dropped,
                             BroadcastRun.Publishers publishers) throws Exception {
        Latency latency = new Latency();
        try (WsClients clients = new WsClients(plan.threads(), latency)) {
            WsClients.Opened opened = clients.open(plan.connections(), target.subscriber(), target.protocol(),
                    plan.connectRate(), Duration.ofSeconds(60).plusMillis((long) (plan.connectRate() > 0
                            ? plan.connections() * 1000 / plan.connectRate() : 0)));
            if (opened.ready() < plan.connections()) {
                String failure = (plan.connections() - opened.ready()) + " of " + plan.connections()
                        + " lines did not open (first error: " + opened.firstError() + ")";
                return new Result(target.name(), opened.ready(), opened.perSecond(), null, server.residentBytes(), failure);
            }
            Thread.sleep(200); // let the server settle its subscriptions before the clock starts
            long[] peakRss = {server.residentBytes()};
            if (!plan.serverWarmup().isZero()) {
                Plan warm = new Plan(plan.connections(), plan.connectRate(), plan.size(), Duration.ZERO,
                        plan.serverWarmup(), plan.threads(), Duration.ZERO, plan.serverWarmupRate());
                step(target, warm, plan.serverWarmupRate(), clients, latency, publishers, dropped, server, peakRss);
                settle(latency);
            }
            MaxRateSearch.Outcome outcome = search.run(rate -> {
                MaxRateSearch.Measurement m = step(target, plan, rate, clients, latency, publishers, dropped, server, peakRss);
                if (m.failure() != null) {
                    settle(latency);
                }
                return m;
            });
            String failure = outcome.found() ? null : "no rate sustained (" + outcome.stopped() + ")"
                    + (outcome.steps().isEmpty() ? "" : "; last step: " + outcome.steps().get(outcome.steps().size() - 1).why());
            return new Result(target.name(), clients.ready(), opened.perSecond(), outcome, peakRss[0], failure);
        }
    }

    private static MaxRateSearch.Measurement step(Target target, Plan plan, double rate, WsClients clients,
                                                  Latency latency, BroadcastRun.Publishers publishers,
                                                  LongSupplier dropped, ProcessProbe server, long[] peakRss)
            throws IOException, InterruptedException {
        int lostBefore = clients.lost();
        long droppedBefore = dropped.getAsLong();
        long stepStart = System.nanoTime();
        latency.staleBefore(stepStart);
        latency.reset();
        long base = latency.delivered();
        try (Publisher publisher = publishers.open(target)) {
            PacedWindow paced = PacedWindow.publish(publisher, latency, server, rate, plan.warmup(), plan.window(),
                    plan.size(), peakRss[0]);
            peakRss[0] = paced.peakRss();
            double deliveredPerSecond = paced.deliveredPerSecond(latency);
            int lines = clients.ready();
            long drainMax = Math.max(TimeUnit.SECONDS.toNanos(2), plan.window().toNanos());
            long expected = drain(latency, base, publisher, lines, drainMax);
            int lost = clients.lost() - lostBefore;
            if (lost > 0) {
                return new MaxRateSearch.Measurement(rate, 0, -1, MaxRateSearch.Measurement.FATAL + lost
                        + " lines were closed during the step at " + Math.round(rate) + " msg/s");
            }
            long delivered = latency.delivered() - base;
            String failure = BroadcastResult.judge(plan.connections(), lines, 0, publisher.accepted(),
                    publisher.refused(), expected, delivered, dropped.getAsLong() - droppedBefore);
            if (failure != null && publisher.firstError() != null) {
                failure += " (publisher: " + publisher.firstError() + ")";
            }
            Histogram h = latency.snapshot();
            long p99 = h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(99);
            return new MaxRateSearch.Measurement(rate, deliveredPerSecond, p99, failure);
        }
    }

    /** Waits for the step's publishes to be answered and their deliveries to arrive; returns deliveries expected. */
    private static long drain(Latency latency, long base, Publisher publisher, int lines, long maxNanos)
            throws InterruptedException {
        long submitted = publisher.submitted();
        long lastProgress = System.nanoTime();
        long giveUp = lastProgress + maxNanos;
        long seen = -1;
        while (true) {
            long answered = publisher.accepted() + publisher.refused();
            long expected = publisher.accepted() * lines;
            long delivered = latency.delivered() - base;
            if (answered >= submitted && delivered >= expected) {
                return expected;
            }
            long progress = delivered + answered;
            long now = System.nanoTime();
            if (progress != seen) {
                seen = progress;
                lastProgress = now;
            } else if (now - lastProgress > QUIET_NANOS) {
                return expected;
            }
            if (now > giveUp) {
                return expected;
            }
            Thread.sleep(20);
        }
    }

    /** After a failing step: waits until late deliveries stop arriving, so the next step starts on a quiet server. */
    private static void settle(Latency latency) throws InterruptedException {
        long giveUp = System.nanoTime() + SETTLE_MAX_NANOS;
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < giveUp) {
            long arrived = latency.delivered() + latency.staleCount();
            if (arrived != seen) {
                seen = arrived;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(500)) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
