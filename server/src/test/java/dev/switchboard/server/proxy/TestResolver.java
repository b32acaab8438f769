package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteMethod;
import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.core.routing.RouteResolver;
import dev.switchboard.core.routing.Upstream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small stand-in for the routing domain (not what these tests test): cable > cookie > user-agent > the
 * most recently added live upstream. Records every request it was asked about and every unreachable report.
 */
final class TestResolver implements RouteResolver {

    final Map<String, Upstream> live = new ConcurrentHashMap<>();
    final Map<String, String> cables = new ConcurrentHashMap<>();
    final Map<String, String> byUserAgent = new ConcurrentHashMap<>();
    final List<RouteRequest> requests = new CopyOnWriteArrayList<>();
    final List<String> unreachable = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> remapListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Upstream newest;

    Upstream add(String id, int port) {
        Upstream upstream = new Upstream(id, "127.0.0.1", port, null, null, "app-" + id, Instant.now());
        live.put(id, upstream);
        newest = upstream;
        return upstream;
    }

    void remove(String id) {
        live.remove(id);
    }

    /** An operator cable: this client goes to that upstream from its next request on. */
    void cable(String clientId, String upstreamId) {
        cables.put(clientId, upstreamId);
        remapListeners.forEach(listener -> listener.accept(clientId));
    }

    @Override
    public RouteDecision resolve(RouteRequest request) {
        requests.add(request);
        String clientId = request.cookieClientId() != null ? request.cookieClientId() : "c-" + ids.incrementAndGet();
        String cabled = cables.get(clientId);
        if (cabled != null && live.containsKey(cabled)) {
            return new RouteDecision(clientId, clientId, live.get(cabled), RouteMethod.CABLE, false);
        }
        if (request.cookieUpstreamId() != null && live.containsKey(request.cookieUpstreamId())) {
            return new RouteDecision(clientId, clientId, live.get(request.cookieUpstreamId()), RouteMethod.COOKIE, false);
        }
        String ua = request.header("user-agent");
        if (ua != null && byUserAgent.containsKey(ua) && live.containsKey(byUserAgent.get(ua))) {
            return new RouteDecision(clientId, clientId, live.get(byUserAgent.get(ua)), RouteMethod.UA_MATCH, false);
        }
        Upstream fallback = newest;
        if (fallback == null || !live.containsKey(fallback.id())) {
            fallback = live.values().stream().findFirst().orElse(null);
        }
        return fallback == null ? new RouteDecision(clientId, clientId, null, null, false)
                : new RouteDecision(clientId, clientId, fallback, RouteMethod.FALLBACK, false);
    }

    @Override
    public void upstreamUnreachable(String upstreamId) {
        unreachable.add(upstreamId);
        live.remove(upstreamId);
    }

    @Override
    public void onRemap(Consumer<String> clientIdListener) {
        remapListeners.add(clientIdListener);
    }
}
