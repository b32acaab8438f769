package dev.switchboard.server.config;

import dev.switchboard.core.routing.ClientKeyRules;
import dev.switchboard.core.routing.RoutingSettings;
import dev.switchboard.core.routing.UpstreamSpec;
import dev.switchboard.core.routing.UpstreamSpecList;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * @param clientHeader      header naming a client explicitly (first rule of identification without cookie)
 * @param expoUserAgent     regular expression (found anywhere) that marks an Expo-style user-agent
 * @param expoClientHeader  per-install header of Expo-style clients (second rule)
 * @param defaultUpstream   the fallback upstream (id, host:port, port, name or bundle id), or null for the most
 *                          recently registered live one
 * @param upstreams         upstreams registered at start, one-line form (see {@link UpstreamSpecList}), or null
 */
public record ProxyConfig(Duration routeTtl, Duration portMemory, Duration pendingCableTtl, int maxClients,
                          Duration probeInterval, Duration probeTimeout, Duration upstreamTimeout,
                          Duration tunnelIdleTimeout, String clientHeader, String expoUserAgent,
                          String expoClientHeader, String defaultUpstream, String upstreams) {

    public static final ProxyConfig DEFAULT = new ProxyConfig(Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofMinutes(5), 10_000, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(10), ClientKeyRules.DEFAULT.clientHeader(),
            ClientKeyRules.DEFAULT.expoUserAgent().pattern(), ClientKeyRules.DEFAULT.expoClientHeader(), null, null);

    public ProxyConfig {
        Checks.positive("routeTtl", routeTtl);
        Checks.positive("portMemory", portMemory);
        Checks.positive("pendingCableTtl", pendingCableTtl);
        Checks.between("maxClients", maxClients, 1, 10_000_000, "1 and 10000000");
        Checks.positive("probeInterval", probeInterval);
        Checks.positive("probeTimeout", probeTimeout);
        Checks.positive("upstreamTimeout", upstreamTimeout);
        Checks.positive("tunnelIdleTimeout", tunnelIdleTimeout);
        headerName("clientHeader", clientHeader);
        headerName("expoClientHeader", expoClientHeader);
        try {
            Pattern.compile(Checks.text("expoUserAgent", expoUserAgent));
        } catch (PatternSyntaxException e) {
            throw ConfigException.invalid("expoUserAgent", expoUserAgent,
                    "must be a regular expression: " + e.getDescription());
        }
        if (defaultUpstream != null) {
            Checks.text("defaultUpstream", defaultUpstream);
        }
        try {
            UpstreamSpecList.parse(upstreams);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("upstreams", upstreams, e.getMessage());
        }
    }

    /** The same with other liveness probe timings (tests probe fast). */
    public ProxyConfig withProbe(Duration newProbeInterval, Duration newProbeTimeout) {
        return new ProxyConfig(routeTtl, portMemory, pendingCableTtl, maxClients, newProbeInterval, newProbeTimeout,
                upstreamTimeout, tunnelIdleTimeout, clientHeader, expoUserAgent, expoClientHeader, defaultUpstream,
                upstreams);
    }

    /** The same with other configured upstreams (one-line form) and default upstream. */
    public ProxyConfig withUpstreams(String newUpstreams, String newDefaultUpstream) {
        return new ProxyConfig(routeTtl, portMemory, pendingCableTtl, maxClients, probeInterval, probeTimeout,
                upstreamTimeout, tunnelIdleTimeout, clientHeader, expoUserAgent, expoClientHeader, newDefaultUpstream,
                newUpstreams);
    }

    /** The resolver's settings. */
    public RoutingSettings routing() {
        return new RoutingSettings(routeTtl, portMemory, pendingCableTtl, maxClients, defaultUpstream,
                new ClientKeyRules(clientHeader, Pattern.compile(expoUserAgent), expoClientHeader));
    }

    /** The upstreams of {@code proxy.upstreams}, registered at start. */
    public List<UpstreamSpec> configuredUpstreams() {
        return UpstreamSpecList.parse(upstreams);
    }

    private static void headerName(String key, String value) {
        if (!Checks.text(key, value).chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
            throw ConfigException.invalid(key, value, "must be an HTTP header name such as x-switchboard-client");
        }
    }
}
