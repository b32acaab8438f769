package dev.switchboard.server.api;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <api key>} in constant time. */
public final class ApiKeyAuthenticator {

    private static final String BEARER = "Bearer ";
    private final byte[] key;

    public ApiKeyAuthenticator(String apiKey) {
        this.key = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws a 401 {@link ApiException} unless the request carries the key. */
    public void authenticate(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "api_key_missing",
                    "send the API key as Authorization: Bearer <key> (see $SWITCHBOARD_HOME/api-key)");
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, key)) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "api_key_invalid", "the API key is not valid");
        }
    }
}
