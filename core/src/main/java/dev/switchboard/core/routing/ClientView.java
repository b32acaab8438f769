package dev.switchboard.core.routing;

import java.time.Instant;

/**
 * A client as {@code cable.list} shows it: where its traffic actually went last.
 *
 * @param key        the client id (what {@code cable connect} takes)
 * @param identifier its app identifier, or null
 * @param lastSeen   its last request or upgrade
 * @param upstream   the upstream id its last request went to, or null (none live, or cleared by the operator)
 * @param method     how that upstream was chosen, or null
 */
public record ClientView(String key, String identifier, Instant lastSeen, String upstream, RouteMethod method) {
}
