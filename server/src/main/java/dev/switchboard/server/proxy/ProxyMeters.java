package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteMethod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proxy transport's meters ({@code switchboard.proxy.*}). Tag values come from closed sets (the
 * resolution methods, three statuses), so every meter is registered up front and the hot path only
 * increments fields. Cache hits and ambiguous resolutions are counted by the resolver.
 */
public final class ProxyMeters {

    private final Map<RouteMethod, Counter> requests = new EnumMap<>(RouteMethod.class);
    private final Map<RouteMethod, Counter> upgrades = new EnumMap<>(RouteMethod.class);
    final Counter unrouted;
    final Counter badGateway;
    final Counter noUpstream;
    final Counter gatewayTimeout;
    final Counter reusedConnections;
    final Counter newConnections;
    final Timer upstreamLatency;

    public ProxyMeters(MeterRegistry registry, Supplier<Number> openTunnels) {
        for (RouteMethod method : RouteMethod.values()) {
            requests.put(method, Counter.builder("switchboard.proxy.requests").tag("method", method.wireName())
                    .description("Requests routed through the proxy, by the step of the chain that chose the upstream")
                    .register(registry));
            upgrades.put(method, Counter.builder("switchboard.proxy.upgrades").tag("method", method.wireName())
                    .description("WebSocket upgrades routed through the proxy, by resolution method")
                    .register(registry));
        }
        unrouted = Counter.builder("switchboard.proxy.requests").tag("method", "none")
                .description("Requests routed through the proxy, by the step of the chain that chose the upstream")
                .register(registry);
        badGateway = errors(registry, "502");
        noUpstream = errors(registry, "503");
        gatewayTimeout = errors(registry, "504");
        reusedConnections = Counter.builder("switchboard.proxy.upstream.connections").tag("kind", "reused")
                .description("Upstream connections used for a request: taken from the pool, or opened")
                .register(registry);
        newConnections = Counter.builder("switchboard.proxy.upstream.connections").tag("kind", "opened")
                .description("Upstream connections used for a request: taken from the pool, or opened")
                .register(registry);
        upstreamLatency = Timer.builder("switchboard.proxy.upstream.latency")
                .description("From routing a request to the upstream's response head")
                .publishPercentileHistogram(false)
                .register(registry);
        Gauge.builder("switchboard.proxy.tunnels.open", openTunnels).description("Open WebSocket tunnels")
                .register(registry);
    }

    void routed(RouteMethod method, boolean upgrade) {
        (upgrade ? upgrades : requests).get(method).increment();
    }

    private static Counter errors(MeterRegistry registry, String status) {
        return Counter.builder("switchboard.proxy.errors").tag("status", status)
                .description("Answers the proxy gave itself: 502 upstream unreachable, 503 no upstream, 504 timeout")
                .register(registry);
    }
}
