package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many event loops resolving, an operator re-cabling and the sweep running, all at once. */
class ChainRouteResolverConcurrencyTest {

    @Test
    void cookieClientsStayOnTheirCableUnderConcurrentResolutionAndChurn() throws Exception {
        UpstreamRegistry upstreams = new UpstreamRegistry(Clock.systemUTC());
        Upstream u1 = upstreams.register(new UpstreamSpec(null, 3000, null, null, "one")).upstream();
        Upstream u2 = upstreams.register(new UpstreamSpec(null, 3001, null, null, "two")).upstream();
        ChainRouteResolver resolver = new ChainRouteResolver(upstreams, new RoutingSettings(Duration.ofHours(1),
                Duration.ofSeconds(5), Duration.ofMinutes(5), 500, null, ClientKeyRules.DEFAULT), Clock.systemUTC(),
                new SimpleMeterRegistry());
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Upstream mine = thread % 2 == 0 ? u1 : u2;
            // Cabled before any churn starts: a cable outlives its client's eviction, an unknown client cannot be cabled.
            RouteDecision first = resolver.resolve(new RouteRequest(null, null,
                    Map.of("x-switchboard-client", "t" + thread), "127.0.0.1", 10_000 + thread, false, null));
            resolver.connect(first.clientId(), mine.id());
            results.add(pool.submit(() -> {
                start.await();
                int wrong = 0;
                for (int i = 0; i < 20_000; i++) {
                    RouteDecision d = resolver.resolve(new RouteRequest(first.clientId(), null, Map.of(), "127.0.0.1",
                            20_000 + i, i % 3 == 0, null));
                    if (d.upstream() != mine) {
                        wrong++;
                    }
                    // Churn: strangers fill the maps up to their cap.
                    resolver.resolve(new RouteRequest(null, null, Map.of("user-agent", "x" + thread + "-" + i + "/1"),
                            "127.0.0.1", 30_000 + i, false, null));
                }
                return wrong;
            }));
        }
        Future<?> sweeper = pool.submit(() -> {
            start.await();
            for (int i = 0; i < 200; i++) {
                resolver.sweep();
                resolver.cables();
                Thread.sleep(1);
            }
            return null;
        });
        start.countDown();
        for (Future<Integer> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
        }
        sweeper.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(resolver.sizes().values()).allMatch(size -> size <= 500);
    }
}
