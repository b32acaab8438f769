package dev.switchboard.core.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered dev server the proxy can send clients to.
 *
 * @param id           opaque, stable while registered; re-registering the same host:port keeps it
 * @param host         where the proxy connects (loopback in practice)
 * @param port         1..65535
 * @param root         the project root the dev server serves, or null
 * @param bundleId     the app's bundle id (matched against a client's app identifier), or null
 * @param name         a human name (also matched against the app identifier), or null
 * @param registeredAt when it was (last) registered; the most recent live one is the last-resort fallback
 */
public record Upstream(String id, String host, int port, String root, String bundleId, String name,
                       Instant registeredAt) {

    public Upstream {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(registeredAt, "registeredAt");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** {@code host:port}, the identity of the server behind this entry. */
    public String address() {
        return host + ":" + port;
    }
}
