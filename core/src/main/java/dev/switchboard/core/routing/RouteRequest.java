package dev.switchboard.core.routing;

import java.util.Map;
import java.util.Objects;

/**
 * What the proxy knows about one incoming request or WebSocket upgrade when it asks where to send it.
 *
 * @param cookieClientId   the client id from a valid {@code sb-route} cookie, or null
 * @param cookieUpstreamId the upstream id from that cookie, or null
 * @param headers          request headers, names lower-cased, first value of each
 * @param remoteHost       the client's address as the proxy sees it
 * @param remotePort       the client's source port (to place an upgrade that comes without a cookie)
 * @param upgrade          true for a WebSocket upgrade
 * @param app              the {@code ?app=} query parameter narrowing the candidates, or null
 */
public record RouteRequest(String cookieClientId, String cookieUpstreamId, Map<String, String> headers,
                           String remoteHost, int remotePort, boolean upgrade, String app) {

    public RouteRequest {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(remoteHost, "remoteHost");
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
