package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteRequest;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Turns a client's request head into the {@link RouteRequest} the resolver is asked about: the {@code sb-route}
 * cookie, the headers the resolver reads, the client's address and source port, {@code ?app=} and whether it
 * is an upgrade. One per client connection: a connection is one client, so the last {@code Cookie} header and
 * what it said are remembered instead of parsed again on every request.
 */
final class RouteRequestReader {

    private final Channel channel;
    /** What the resolver reads of a request's headers; the rest are not copied into the RouteRequest. */
    private final List<String> routingHeaders;
    private String lastCookieHeader;
    private RouteCookie lastCookie;

    RouteRequestReader(Channel channel, List<String> routingHeaders) {
        this.channel = channel;
        this.routingHeaders = routingHeaders;
    }

    RouteRequest read(HttpRequest request, boolean upgrade) {
        HttpHeaders headers = request.headers();
        List<String> cookieHeaders = headers.getAll(HttpHeaderNames.COOKIE);
        String cookieHeader = cookieHeaders.isEmpty() ? null : cookieHeaders.size() == 1 ? cookieHeaders.get(0)
                : String.join("; ", cookieHeaders);
        RouteCookie cookie;
        if (cookieHeader != null && cookieHeader.equals(lastCookieHeader)) {
            cookie = lastCookie;
        } else {
            cookie = RouteCookie.parse(cookieHeader);
            lastCookieHeader = cookieHeader;
            lastCookie = cookie;
        }
        String app = null;
        if (request.uri().indexOf('?') >= 0) {
            List<String> apps = new QueryStringDecoder(request.uri()).parameters().get("app");
            app = apps == null || apps.isEmpty() || apps.get(0).isBlank() ? null : apps.get(0);
        }
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        String host = remote == null ? "unknown" : remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress();
        return new RouteRequest(cookie == null ? null : cookie.clientId(), cookie == null ? null : cookie.upstreamId(),
                ProxyHeaders.routingView(headers, routingHeaders), host, remote == null ? 0 : remote.getPort(),
                upgrade, app);
    }
}
