package dev.switchboard.core.routing;

/**
 * One step of the chain as {@code route.explain} shows it.
 *
 * @param method   the step
 * @param matched  true for the step that chose the upstream (at most one)
 * @param upstream the upstream id it chose or looked at, or null
 * @param why      a sentence: why it matched, or why not
 */
public record ExplainStep(RouteMethod method, boolean matched, String upstream, String why) {
}
