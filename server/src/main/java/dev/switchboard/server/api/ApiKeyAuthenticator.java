package dev.switchboard.server.api;

import dev.switchboard.server.http.BearerCredential;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <api key>} in constant time. */
public final class ApiKeyAuthenticator {

    private final byte[] key;

    public ApiKeyAuthenticator(String apiKey) {
        this.key = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws a 401 {@link ApiException} unless the request carries the key. */
    public void authenticate(HttpRequest request) {
        String credential = BearerCredential.of(request);
        if (credential == null) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "api_key_missing",
                    "send the API key as Authorization: Bearer <key> (see $SWITCHBOARD_HOME/api-key)");
        }
        byte[] given = credential.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, key)) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "api_key_invalid", "the API key is not valid");
        }
    }
}
