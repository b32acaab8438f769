package dev.switchboard.core.routing;

import java.util.List;

/**
 * What {@code route.explain} answers: how the client was identified, every step of the chain, the outcome.
 * Explaining changes nothing (no client is learned, no pending cable consumed).
 *
 * @param clientId   the client id the request would be handled as, or null for a client not seen yet
 * @param identity   how the client was identified (cookie, port correlation, header key, new client)
 * @param key        the header-derived key
 * @param keySource  the rule that derived it
 * @param identifier the app identifier, or null
 * @param steps      the six steps in order of precedence
 * @param upstream   the chosen upstream id, or null (503)
 * @param method     the step that chose it, or null
 * @param ambiguous  true when several upstreams matched and the fallback broke the tie
 */
public record RouteExplanation(String clientId, String identity, String key, String keySource, String identifier,
                               List<ExplainStep> steps, String upstream, RouteMethod method, boolean ambiguous) {
}
