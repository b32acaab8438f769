package dev.switchboard.core.routing;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The one question the proxy asks of the routing domain, plus what it reports back. Implementations are
 * thread-safe: every proxy event loop calls them concurrently.
 */
public interface RouteResolver {

    /**
     * Runs the resolution chain ({@code pending > cable > cookie > cached > ua-match > fallback}) for one
     * request or upgrade, and records what it learned (the client, its last upstream, its remote port).
     */
    RouteDecision resolve(RouteRequest request);

    /**
     * Lower-case names of the only request headers {@link #resolve} reads, so the proxy can leave the others
     * out of the {@link RouteRequest} instead of copying every header of every request. Empty (the default)
     * means the resolver may read any header: the proxy then passes them all.
     */
    default Set<String> routingHeaders() {
        return Set.of();
    }

    /**
     * Passive liveness: connecting to, or talking to, this upstream failed. It stops receiving traffic at once
     * and comes back when the prober sees it answer or it registers again.
     */
    void upstreamUnreachable(String upstreamId);

    /**
     * Registers a listener told the client id of every client whose route an operator changed (a cable
     * connected or disconnected), so the proxy closes that client's open WebSocket tunnels and its HMR client
     * reconnects to the new upstream. Called on the thread that made the change.
     */
    void onRemap(Consumer<String> clientIdListener);
}
