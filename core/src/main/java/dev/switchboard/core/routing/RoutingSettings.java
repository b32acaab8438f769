package dev.switchboard.core.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How the resolver remembers clients and whom it falls back to.
 *
 * @param routeTtl        a client, its learned mapping and its cable are forgotten after this long unused
 * @param portMemory      how long an HTTP request's remote port places a WebSocket upgrade from the same port
 * @param pendingCableTtl how long a cable for an app waits for the next new client of that app
 * @param maxClients      cap on every map (clients, learned keys, ports, cables, pending cables), LRU eviction
 * @param defaultUpstream the configured fallback (an id, {@code host:port}, port, name or bundle id), or null
 * @param keyRules        how a client without cookie is identified from its headers
 */
public record RoutingSettings(Duration routeTtl, Duration portMemory, Duration pendingCableTtl, int maxClients,
                              String defaultUpstream, ClientKeyRules keyRules) {

    public static final RoutingSettings DEFAULT = new RoutingSettings(Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofMinutes(5), 10_000, null, ClientKeyRules.DEFAULT);

    public RoutingSettings {
        positive("routeTtl", routeTtl);
        positive("portMemory", portMemory);
        positive("pendingCableTtl", pendingCableTtl);
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        }
        defaultUpstream = defaultUpstream == null || defaultUpstream.isBlank() ? null : defaultUpstream.strip();
        Objects.requireNonNull(keyRules, "keyRules");
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
