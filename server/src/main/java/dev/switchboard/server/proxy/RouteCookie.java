package dev.switchboard.server.proxy;

import java.time.Duration;

/**
 * The sticky {@code sb-route} cookie: {@code sb-route=<clientId>.<upstreamId>}, or just the client id while
 * the client has no upstream. Parsing is deliberately strict and never throws: a value that does not have
 * this shape is ignored (the client is treated as new), so a tampered or foreign cookie cannot inject
 * anything into the resolver, the logs or the {@code Set-Cookie} we write back.
 *
 * @param clientId   the opaque client id the resolver issued
 * @param upstreamId the upstream the client was last sent to, or null
 */
public record RouteCookie(String clientId, String upstreamId) {

    public static final String NAME = "sb-route";

    /** The {@code sb-route} cookie in a {@code Cookie} request header, or null when absent or malformed. */
    public static RouteCookie parse(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.length() > 16 * 1024) {
            return null;
        }
        int from = 0;
        RouteCookie found = null;
        while (from <= cookieHeader.length()) {
            int end = cookieHeader.indexOf(';', from);
            if (end < 0) {
                end = cookieHeader.length();
            }
            String pair = cookieHeader.substring(from, end).trim();
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(NAME)) {
                RouteCookie candidate = parseValue(pair.substring(eq + 1).trim());
                // With several sb-route cookies (a stale one on a narrower path), the first valid one wins:
                // browsers send the most specific path first.
                if (candidate != null && found == null) {
                    found = candidate;
                }
            }
            from = end + 1;
        }
        return found;
    }

    /** A cookie value alone ({@code c-1.u-2}, optionally quoted), or null when it is not of our making. */
    public static RouteCookie parseValue(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        int dot = value.indexOf('.');
        String client = dot < 0 ? value : value.substring(0, dot);
        String upstream = dot < 0 ? null : value.substring(dot + 1);
        if (!isId(client) || (upstream != null && !isId(upstream))) {
            return null;
        }
        return new RouteCookie(client, upstream);
    }

    /** {@code [A-Za-z0-9_-]{1,64}}, checked by hand: it runs twice per proxied request. */
    static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code Set-Cookie} value that (re)writes the cookie, or null when an id is not cookie-safe (the
     * resolver issued something we could not read back, so writing it would only plant garbage).
     */
    public static String setCookie(String clientId, String upstreamId, Duration maxAge) {
        if (!isId(clientId) || (upstreamId != null && !isId(upstreamId))) {
            return null;
        }
        return NAME + "=" + clientId + (upstreamId == null ? "" : "." + upstreamId)
                + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax";
    }
}
