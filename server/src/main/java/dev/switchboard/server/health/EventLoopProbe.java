package dev.switchboard.server.health;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures event-loop latency: how long a no-op task waits before it runs on each loop. A loop that is
 * blocked or saturated shows up here long before connections start timing out.
 */
final class EventLoopProbe {

    private final EventExecutorGroup group;
    private final long timeoutMillis;

    EventLoopProbe(EventExecutorGroup group, long timeoutMillis) {
        this.group = group;
        this.timeoutMillis = timeoutMillis;
    }

    /** The worst latency over all loops in milliseconds; the timeout itself when a loop did not answer. */
    double worstLatencyMillis() {
        List<CompletableFuture<Long>> probes = new ArrayList<>();
        for (EventExecutor loop : group) {
            long submitted = System.nanoTime();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            try {
                loop.execute(() -> ran.complete(System.nanoTime() - submitted));
            } catch (RuntimeException rejected) {
                ran.complete(TimeUnit.MILLISECONDS.toNanos(timeoutMillis)); // shutting down
            }
            probes.add(ran);
        }
        long worst = 0;
        for (CompletableFuture<Long> probe : probes) {
            long nanos;
            try {
                nanos = probe.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (Exception timedOut) {
                nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            }
            worst = Math.max(worst, nanos);
        }
        return worst / 1_000_000.0;
    }
}
