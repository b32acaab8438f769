package dev.switchboard.server.proxy;

import dev.switchboard.server.config.ProxyConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What the transport needs to know, from {@link ProxyConfig} plus fixed limits.
 *
 * @param upstreamTimeout    how long an upstream may take to connect and send its response head → else 504
 * @param tunnelIdleTimeout  a tunnel, or a keep-alive client connection between requests, silent this long is closed
 * @param cookieMaxAge       {@code Max-Age} of the {@code sb-route} cookie (the learned route's TTL)
 * @param maxIdlePerUpstream idle keep-alive connections kept per upstream and event loop; more are closed
 */
public record ProxySettings(Duration upstreamTimeout, Duration tunnelIdleTimeout, Duration cookieMaxAge,
                            int maxIdlePerUpstream) {

    public static final int MAX_IDLE_PER_UPSTREAM = 64;

    public ProxySettings {
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        Objects.requireNonNull(tunnelIdleTimeout, "tunnelIdleTimeout");
        Objects.requireNonNull(cookieMaxAge, "cookieMaxAge");
        if (maxIdlePerUpstream < 0) {
            throw new IllegalArgumentException("maxIdlePerUpstream must be >= 0");
        }
    }

    public static ProxySettings from(ProxyConfig config) {
        return new ProxySettings(config.upstreamTimeout(), config.tunnelIdleTimeout(), config.routeTtl(),
                MAX_IDLE_PER_UPSTREAM);
    }
}
