package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteMethod;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.Objects;

/**
 * Adds to every response a client gets ({@code 101}, relayed and our own) the refreshed {@code sb-route}
 * cookie and {@code X-Switchboard-Route: <method> <upstream id>}. One per client connection: the
 * {@code Set-Cookie} value and the route header are built when the route changes, not once per response.
 */
final class RouteHeadersWriter {

    static final AsciiString ROUTE_HEADER = AsciiString.cached("X-Switchboard-Route");

    private final Duration cookieMaxAge;
    private String cookieClient;
    private String cookieUpstream;
    private String cookie;
    private RouteMethod routeMethod;
    private String routeUpstream;
    private String route;

    RouteHeadersWriter(Duration cookieMaxAge) {
        this.cookieMaxAge = cookieMaxAge;
    }

    /** Cookie and route header for this decision; nothing when there is no decision (resolution failed). */
    void decorate(HttpResponse response, RouteDecision decision) {
        if (decision == null) {
            return;
        }
        String upstreamId = decision.routed() ? decision.upstream().id() : null;
        if (!decision.clientId().equals(cookieClient) || !Objects.equals(upstreamId, cookieUpstream)) {
            cookie = RouteCookie.setCookie(decision.clientId(), upstreamId, cookieMaxAge);
            cookieClient = decision.clientId();
            cookieUpstream = upstreamId;
        }
        if (cookie != null) {
            response.headers().add(HttpHeaderNames.SET_COOKIE, cookie);
        }
        if (upstreamId != null) {
            if (decision.method() != routeMethod || !upstreamId.equals(routeUpstream)) {
                route = decision.method().wireName() + " " + upstreamId;
                routeMethod = decision.method();
                routeUpstream = upstreamId;
            }
            response.headers().set(ROUTE_HEADER, route);
        }
    }
}
