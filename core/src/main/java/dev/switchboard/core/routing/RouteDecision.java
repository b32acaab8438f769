package dev.switchboard.core.routing;

import java.util.Objects;

/**
 * Where one request goes, and why.
 *
 * @param clientId  the opaque client id to (re)write into the {@code sb-route} cookie; never null
 * @param clientKey the key the operator sees in {@code cable.list} for this client
 * @param upstream  the chosen live upstream, or null when none is live (the proxy answers 503)
 * @param method    which step of the chain chose it; null when {@code upstream} is null
 * @param ambiguous true when several upstreams matched and the fallback broke the tie (logged, counted)
 */
public record RouteDecision(String clientId, String clientKey, Upstream upstream, RouteMethod method,
                            boolean ambiguous) {

    public RouteDecision {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientKey, "clientKey");
        if ((upstream == null) != (method == null)) {
            throw new IllegalArgumentException("upstream and method are both set or both null");
        }
    }

    public boolean routed() {
        return upstream != null;
    }
}
