package dev.switchboard.core.routing;

/**
 * Which step of the resolution chain chose an upstream, in order of precedence. The wire name is what
 * {@code X-Switchboard-Route}, {@code /metrics} and {@code route.explain} show.
 */
public enum RouteMethod {
    PENDING("pending"),
    CABLE("cable"),
    COOKIE("cookie"),
    CACHED("cached"),
    UA_MATCH("ua-match"),
    FALLBACK("fallback");

    private final String wireName;

    RouteMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
