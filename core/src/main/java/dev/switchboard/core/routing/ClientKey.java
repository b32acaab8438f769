package dev.switchboard.core.routing;

import java.util.Objects;

/**
 * Who a request comes from when it carries no {@code sb-route} cookie, derived from its headers.
 *
 * @param key        the learned-mapping key, prefixed by its source: {@code header:}, {@code eas:}, {@code ua:} or
 *                   {@code anonymous:}
 * @param identifier the app identifier (the {@code ?app=} value, else the user-agent's product token), or null
 * @param source     which rule produced it, for {@code route.explain}
 */
public record ClientKey(String key, String identifier, String source) {

    public ClientKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }
}
