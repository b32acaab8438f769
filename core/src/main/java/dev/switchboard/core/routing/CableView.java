package dev.switchboard.core.routing;

import java.time.Instant;

/**
 * An operator cable.
 *
 * @param client    a client id, or an app identifier when {@code pending}
 * @param upstream  the upstream id it plugs into
 * @param pending   true while it waits for the next new client of that app
 * @param createdAt when the operator connected it
 */
public record CableView(String client, String upstream, boolean pending, Instant createdAt) {
}
