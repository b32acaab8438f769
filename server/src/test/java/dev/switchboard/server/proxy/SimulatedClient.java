package dev.switchboard.server.proxy;

import dev.switchboard.server.RawWebSocket;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A simulator, phone or browser tab in front of the proxy: its own cookie jar and user-agent, HTTP/1.1
 * keep-alive for requests, and WebSocket upgrades from new sockets that carry the jar's cookies but no
 * user-agent (as HMR clients do).
 */
final class SimulatedClient {

    final CookieManager jar = new CookieManager();
    final String userAgent;
    private final int port;
    private final HttpClient http;

    SimulatedClient(int port, String userAgent) {
        this.port = port;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(jar)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Cookie header this client's jar would send (what a WebSocket upgrade carries). */
    String cookieHeader() {
        return jar.getCookieStore().getCookies().stream().map(HttpCookie::toString)
                .collect(Collectors.joining("; "));
    }

    String routeCookie() {
        return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("sb-route"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** The client id part of the {@code sb-route} cookie. */
    String clientId() {
        String cookie = routeCookie();
        return cookie == null ? null : cookie.split("\\.")[0];
    }

    /** A WebSocket upgrade from a new socket (new source port), with cookies but no user-agent. */
    RawWebSocket webSocket(String path) throws IOException {
        String cookies = cookieHeader();
        return cookies.isEmpty() ? RawWebSocket.open(port, path) : RawWebSocket.open(port, path, "Cookie: " + cookies);
    }
}
