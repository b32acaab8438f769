package dev.switchboard.server.proxy;

import dev.switchboard.server.RawWebSocket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import dev.switchboard.server.http.Transports;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A proxy on a free loopback port in front of test upstreams, with a {@link TestResolver}. */
final class ProxyFixture implements AutoCloseable {

    final TestResolver resolver = new TestResolver();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventLoopGroup boss = Transports.group(1, "test-proxy-accept");
    final EventLoopGroup workers = Transports.group(2, "test-proxy-io");
    final ProxyServer proxy;

    ProxyFixture(ProxySettings settings) throws InterruptedException {
        proxy = ProxyServer.bind("127.0.0.1", 0, resolver, settings, registry, boss, workers);
    }

    ProxyFixture() throws InterruptedException {
        this(new ProxySettings(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1), 8));
    }

    int port() {
        return proxy.port();
    }

    double count(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A simulated client: its own cookie jar and user-agent, HTTP/1.1 keep-alive. */
    Client client(String userAgent) {
        return new Client(userAgent);
    }

    @Override
    public void close() {
        proxy.close();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    final class Client {
        final CookieManager jar = new CookieManager();
        final String userAgent;
        final HttpClient http;

        Client(String userAgent) {
            this.userAgent = userAgent;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(jar)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
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

        /** A WebSocket upgrade from a new socket (new source port), with cookies but no user-agent. */
        RawWebSocket webSocket(String path) throws IOException {
            String cookies = cookieHeader();
            return cookies.isEmpty() ? RawWebSocket.open(port(), path) : RawWebSocket.open(port(), path, "Cookie: " + cookies);
        }
    }
}
