package dev.switchboard.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/** Reads {@code Authorization: Bearer <credential>}, the one way both the API key and device tokens travel. */
public final class BearerCredential {

    private static final String BEARER = "Bearer ";

    private BearerCredential() {
    }

    /** The credential after "Bearer " (scheme case-insensitive), trimmed and possibly empty; null without one. */
    public static String of(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
