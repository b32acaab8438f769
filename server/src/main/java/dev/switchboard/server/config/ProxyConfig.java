package dev.switchboard.server.config;

import java.time.Duration;

/**
 * The dev routing proxy (listening on {@link SwitchboardConfig#proxyPort()}): how long it remembers clients,
 * how it watches upstreams, and how long it waits for them.
 *
 * @param routeTtl          a learned client → upstream mapping expires after this long unused
 * @param portMemory        how long the remote port of an HTTP request is remembered to place a WebSocket upgrade
 * @param pendingCableTtl   how long an operator cable waits for the next new client of an app
 * @param maxClients        hard cap on each routing map (clients, learned keys, ports); least recently used evicted
 * @param probeInterval     how often each upstream gets a TCP liveness probe
 * @param probeTimeout      how long a liveness probe may take to connect
 * @param upstreamTimeout   how long an upstream may take to answer a request before the client gets 504
 * @param tunnelIdleTimeout a WebSocket tunnel with no bytes either way for this long is closed
 */
public record ProxyConfig(Duration routeTtl, Duration portMemory, Duration pendingCableTtl, int maxClients,
                          Duration probeInterval, Duration probeTimeout, Duration upstreamTimeout,
                          Duration tunnelIdleTimeout) {

    public static final ProxyConfig DEFAULT = new ProxyConfig(Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofMinutes(5), 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(10));

    public ProxyConfig {
        Checks.positive("routeTtl", routeTtl);
        Checks.positive("portMemory", portMemory);
        Checks.positive("pendingCableTtl", pendingCableTtl);
        Checks.between("maxClients", maxClients, 1, 10_000_000, "1 and 10000000");
        Checks.positive("probeInterval", probeInterval);
        Checks.positive("probeTimeout", probeTimeout);
        Checks.positive("upstreamTimeout", upstreamTimeout);
        Checks.positive("tunnelIdleTimeout", tunnelIdleTimeout);
    }
}
