package dev.switchboard.core.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The routing domain's meters ({@code switchboard.routing.*}), created once so no request looks one up. */
final class RoutingMeters {

    private final MeterRegistry registry;
    private final Map<RouteMethod, Counter> resolutions = new EnumMap<>(RouteMethod.class);
    final Counter unrouted;
    final Counter ambiguous;
    final Counter cacheHits;
    final Counter cacheMisses;
    final Counter unreachable;

    RoutingMeters(MeterRegistry registry) {
        this.registry = registry;
        for (RouteMethod method : RouteMethod.values()) {
            resolutions.put(method, Counter.builder("switchboard.routing.resolutions").tag("method", method.wireName())
                    .description("Requests and upgrades routed, by the step of the chain that chose").register(registry));
        }
        unrouted = Counter.builder("switchboard.routing.unrouted")
                .description("Requests with no live upstream to go to (503)").register(registry);
        ambiguous = Counter.builder("switchboard.routing.ambiguous")
                .description("Resolutions where several upstreams matched and the fallback broke the tie")
                .register(registry);
        cacheHits = Counter.builder("switchboard.routing.cache").tag("result", "hit")
                .description("Resolutions answered from what was learned (cookie or cached), or not").register(registry);
        cacheMisses = Counter.builder("switchboard.routing.cache").tag("result", "miss")
                .description("Resolutions answered from what was learned (cookie or cached), or not").register(registry);
        unreachable = Counter.builder("switchboard.routing.upstream.unreachable")
                .description("Connect or I/O failures reported by the proxy").register(registry);
    }

    void resolved(RouteMethod method) {
        resolutions.get(method).increment();
        if (method == RouteMethod.COOKIE || method == RouteMethod.CACHED) {
            cacheHits.increment();
        } else {
            cacheMisses.increment();
        }
    }

    /** One size gauge and one eviction counter per bounded map; {@code owner} lives as long as the node. */
    <T> void map(String name, T owner, ToDoubleFunction<T> size, ToDoubleFunction<T> evictions) {
        Gauge.builder("switchboard.routing.entries", owner, size)
                .tag("map", name).description("Entries in each routing map (each capped at proxy.maxClients)")
                .register(registry);
        FunctionCounter.builder("switchboard.routing.evictions", owner, evictions)
                .tag("map", name).description("Entries dropped because a routing map was full (least recently used)")
                .register(registry);
    }

    void upstreams(UpstreamRegistry upstreams) {
        Gauge.builder("switchboard.routing.upstreams", upstreams, u -> u.liveness().get(true))
                .tag("state", "live").description("Registered upstreams, by liveness").register(registry);
        Gauge.builder("switchboard.routing.upstreams", upstreams, u -> u.liveness().get(false))
                .tag("state", "dead").description("Registered upstreams, by liveness").register(registry);
    }
}
