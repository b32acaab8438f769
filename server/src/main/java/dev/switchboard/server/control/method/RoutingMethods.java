package dev.switchboard.server.control.method;

import dev.switchboard.core.routing.ChainRouteResolver;
import dev.switchboard.core.routing.UpstreamStatus;
import dev.switchboard.server.api.RoutingViews;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * {@code upstream.*}, {@code cable.*} and {@code route.explain}: the dev proxy's registry and patchbay from the
 * control socket, answering exactly what {@code /api/v1/upstreams}, {@code /cables} and {@code /route/explain}
 * answer (docs/proxy.md).
 */
public final class RoutingMethods {

    /** Params of {@code upstream.unregister}. */
    public record UnregisterParams(String id) {
    }

    /** Params of {@code cable.disconnect}. */
    public record DisconnectParams(String client) {
    }

    private RoutingMethods() {
    }

    public static void register(MethodRegistry methods, ChainRouteResolver resolver) {
        methods.register("upstream.register", RoutingViews.RegisterRequest.class,
                "{port: int, host?: string, root?: string, bundleId?: string, name?: string}",
                "registers a dev server (same host:port again updates it and keeps its id): {id, host, port, ...}",
                (p, ctx) -> answer(() -> {
                    UpstreamStatus status = resolver.upstreams().register(RoutingViews.spec(p));
                    return RoutingViews.upstream(status);
                }));
        methods.register("upstream.unregister", UnregisterParams.class, "{id: string}",
                "removes a dev server; its cables go and its clients' WebSocket tunnels close: {removed}",
                (p, ctx) -> {
                    if (p.id() == null || p.id().isBlank()) {
                        throw RpcException.invalidParams("id is required");
                    }
                    return Map.of("removed", resolver.upstreams().unregister(p.id().strip()));
                });
        methods.register("upstream.list", NoParams.class, "{}",
                "registered dev servers in registration order: {upstreams: [{id, host, port, live, ...}]}",
                (p, ctx) -> RoutingViews.upstreams(resolver));
        methods.register("cable.list", NoParams.class, "{}",
                "the patchbay: {clients: [{key, identifier, lastSeen, upstream, method}], upstreams, cables}",
                (p, ctx) -> RoutingViews.cables(resolver.cables()));
        methods.register("cable.connect", RoutingViews.ConnectRequest.class, "{client: string, upstream: string}",
                "plugs a client (key from cable.list) or an app identifier (pending: its next new client) into "
                        + "an upstream: {client, upstream, pending}",
                (p, ctx) -> answer(() -> RoutingViews.cable(resolver.connect(p.client(), p.upstream()))));
        methods.register("cable.disconnect", DisconnectParams.class, "{client: string}",
                "unplugs a client's cable (back to automatic routing) or an app's pending cable: {removed}",
                (p, ctx) -> answer(() -> Map.of("removed", resolver.disconnect(p.client()))));
        methods.register("route.explain", RoutingViews.ExplainRequest.class,
                "{headers?: object, cookie?: string, remotePort?: int, remoteHost?: string, app?: string, "
                        + "upgrade?: bool}",
                "where such a request would go and why, step by step; changes nothing",
                (p, ctx) -> answer(() -> RoutingViews.explanation(resolver.explain(RoutingViews.routeRequest(p)))));
    }

    /** The domain's refusals as the caller should read them. */
    private static Object answer(Supplier<Object> body) {
        try {
            return body.get();
        } catch (NoSuchElementException e) {
            throw RpcException.notFound(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw RpcException.invalidParams(e.getMessage());
        }
    }
}
