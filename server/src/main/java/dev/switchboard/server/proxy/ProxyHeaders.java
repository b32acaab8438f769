package dev.switchboard.server.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a message's headers change on their way through the proxy (RFC 9110 §7.6.1): hop-by-hop headers
 * (Connection and every header it names, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade)
 * belong to one connection and are dropped; each hop gets its own framing; {@code Host} is kept and
 * {@code X-Forwarded-For/Proto/Host} tell the dev server who asked.
 */
public final class ProxyHeaders {

    // AsciiString names cache their hash: these are looked up on every request.
    private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString HTTP = AsciiString.cached("http");

    private ProxyHeaders() {
    }

    /** Names lower-cased, first value of each: what {@link dev.switchboard.core.routing.RouteRequest} carries. */
    public static Map<String, String> routingView(HttpHeaders headers) {
        Map<String, String> view = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            view.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        return view;
    }

    /**
     * Only the named headers (lower-case names, first value of each), as an immutable map that
     * {@link dev.switchboard.core.routing.RouteRequest} keeps without copying; {@code names} empty means all
     * of them ({@link #routingView(HttpHeaders)}).
     */
    public static Map<String, String> routingView(HttpHeaders headers, List<String> names) {
        if (names.isEmpty()) {
            return routingView(headers);
        }
        Map<String, String> view = null;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String value = headers.get(name);
            if (value != null) {
                if (view == null) {
                    view = new HashMap<>(8);
                }
                view.put(name, value);
            }
        }
        return view == null ? Map.of() : Map.copyOf(view);
    }

    /** True for a WebSocket upgrade request (Connection names upgrade and Upgrade says websocket). */
    public static boolean isWebSocketUpgrade(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return request.method().equals(HttpMethod.GET)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /**
     * The request as the upstream gets it: HTTP/1.1 (so the upstream connection can be kept alive), same
     * method, URI and end-to-end headers, its own framing, X-Forwarded-* added. A WebSocket upgrade keeps
     * {@code Connection: Upgrade} and its {@code Upgrade} header, which are meant for the next hop.
     *
     * <p>The headers are rewritten in place and shared with the returned request (no copy per request): ask
     * {@code request} about its client-side headers (keep-alive, framing) before calling this.
     */
    public static HttpRequest upstreamRequest(HttpRequest request, String clientAddress, boolean upgrade) {
        HttpHeaders headers = request.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        String host = headers.get(HttpHeaderNames.HOST);
        HttpRequest out = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(), headers);
        stripHopByHop(headers);
        if (chunked) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
        }
        headers.set(X_FORWARDED_FOR, forwardedFor == null || forwardedFor.isBlank() ? clientAddress
                : forwardedFor + ", " + clientAddress);
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, HTTP);
        }
        if (host != null && !headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host);
        }
        return out;
    }

    /**
     * The response as the client gets it, rewritten in place. The body keeps the upstream's
     * {@code Content-Length} when it had one; otherwise (chunked, or delimited by the upstream closing) it
     * goes to an HTTP/1.1 client chunked, and to an HTTP/1.0 client delimited by our close, which
     * {@link #keepsAlive} then reports.
     *
     * @param request    the client's request (method and version decide the framing)
     * @param keepAlive  whether the client connection stays open after this response
     */
    public static HttpResponse clientResponse(HttpResponse response, HttpRequest request, boolean keepAlive) {
        HttpResponse out = response.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHeaders headers = out.headers();
        boolean switching = response.status().code() == 101;
        String upgradeTo = response.headers().get(HttpHeaderNames.UPGRADE);
        stripHopByHop(headers);
        if (switching) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            if (upgradeTo != null) {
                headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
            }
            return out;
        }
        if (hasBody(response, request) && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return out;
    }

    /**
     * Whether the client connection can stay open after this response: the client asked for it
     * ({@code clientAsked}, {@link HttpUtil#isKeepAlive} of the request as it came), and the body's end can
     * be told without closing (an HTTP/1.0 client cannot read chunks). Call before {@link #clientResponse}.
     */
    public static boolean keepsAlive(HttpResponse response, HttpRequest request, boolean clientAsked) {
        if (!clientAsked) {
            return false;
        }
        return request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                || !hasBody(response, request)
                || response.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    }

    /** False when the status or the method says the response has no body (RFC 9112 §6.3). */
    static boolean hasBody(HttpResponse response, HttpRequest request) {
        int code = response.status().code();
        return !request.method().equals(HttpMethod.HEAD) && code >= 200 && code != 204 && code != 304;
    }

    /** Removes Connection, every header Connection names, and the fixed hop-by-hop set including Proxy-*. */
    static void stripHopByHop(HttpHeaders headers) {
        for (String connection : headers.contains(HttpHeaderNames.CONNECTION)
                ? headers.getAll(HttpHeaderNames.CONNECTION) : List.<String>of()) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                // Naming a framing header in Connection must not strip the body's length off the next hop.
                if (!name.isEmpty() && !name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                    headers.remove(name);
                }
            }
        }
        for (int i = 0; i < HOP_BY_HOP.size(); i++) {
            headers.remove(HOP_BY_HOP.get(i));
        }
        List<String> proxyHeaders = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (name.length() > 6 && AsciiString.regionMatches(name, true, 0, "proxy-", 0, 6)) {
                (proxyHeaders == null ? proxyHeaders = new ArrayList<>(2) : proxyHeaders).add(name.toString());
            }
        }
        if (proxyHeaders != null) {
            proxyHeaders.forEach(headers::remove);
        }
    }
}
