package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.server.RawWebSocket;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy transport against two real upstream servers, with a stand-in resolver: every HTTP request and
 * every WebSocket upgrade goes where the resolver says, with the cookie and route header; remaps close
 * tunnels; dead and slow upstreams get 502 and 504, no upstream 503.
 */
class ProxyRoutingIT {

    private static final String SIMULATOR_UA = "Expo/2.31 CFNetwork/1490 Darwin/23.2.0";

    private ProxyFixture fixture;
    private TestUpstream alpha;
    private TestUpstream beta;

    @BeforeEach
    void start() throws Exception {
        fixture = new ProxyFixture();
        alpha = TestUpstream.start("alpha");
        beta = TestUpstream.start("beta");
        fixture.resolver.add("u-alpha", alpha.port());
        fixture.resolver.add("u-beta", beta.port());
    }

    @AfterEach
    void stop() {
        fixture.close();
        alpha.close();
        beta.close();
    }

    @Test
    void twoClientsWithTheSameUserAgentStayOnTheirOwnUpstreamsForRequestsAndUpgrades() throws Exception {
        SimulatedClient one = fixture.client(SIMULATOR_UA);
        SimulatedClient two = fixture.client(SIMULATOR_UA);
        // Both land on the fallback first; the operator then cables client one to alpha.
        assertThat(one.get("/").body()).startsWith("beta ");
        assertThat(two.get("/").body()).startsWith("beta ");
        String clientOne = one.routeCookie().split("\\.")[0];
        assertThat(two.routeCookie()).doesNotStartWith(clientOne + ".");
        fixture.resolver.cable(clientOne, "u-alpha");

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> first = one.get("/page/" + i);
            HttpResponse<String> second = two.get("/page/" + i);
            assertThat(first.body()).startsWith("alpha GET /page/" + i);
            assertThat(first.headers().firstValue("X-Switchboard-Route")).hasValue("cable u-alpha");
            assertThat(second.body()).startsWith("beta GET /page/" + i);
            assertThat(second.headers().firstValue("X-Switchboard-Route")).hasValue("cookie u-beta");
        }
        assertThat(one.routeCookie()).isEqualTo(clientOne + ".u-alpha");

        // Upgrades: a new socket (new source port), no user-agent, only the cookie to go by.
        try (RawWebSocket wsOne = one.webSocket("/ws"); RawWebSocket wsTwo = two.webSocket("/ws")) {
            assertThat(wsOne.status).isEqualTo(101);
            assertThat(wsOne.headers.get("x-switchboard-route")).isEqualTo("cable u-alpha");
            assertThat(wsOne.read().text()).isEqualTo("hello from alpha");
            assertThat(wsTwo.read().text()).isEqualTo("hello from beta");
            wsOne.sendText("ping-1");
            wsTwo.sendText("ping-2");
            assertThat(wsOne.read().text()).isEqualTo("alpha:ping-1");
            assertThat(wsTwo.read().text()).isEqualTo("beta:ping-2");
            RouteRequest upgrade = fixture.resolver.requests.stream().filter(RouteRequest::upgrade).findFirst().orElseThrow();
            assertThat(upgrade.header("user-agent")).isNull();
            assertThat(upgrade.cookieClientId()).isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.proxy.openTunnels() == 2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.proxy.openTunnels() == 0);
        assertThat(fixture.count("switchboard.proxy.requests", "method", "cable")).isEqualTo(20);
        assertThat(fixture.count("switchboard.proxy.upgrades", "method", "cookie")).isEqualTo(1);
    }

    @Test
    void aRemapClosesTheClientsTunnelAndTheReconnectFollowsTheCable() throws Exception {
        SimulatedClient client = fixture.client(SIMULATOR_UA);
        SimulatedClient bystander = fixture.client("Other/1");
        client.get("/");
        bystander.get("/");
        String clientId = client.routeCookie().split("\\.")[0];
        try (RawWebSocket hmr = client.webSocket("/ws"); RawWebSocket other = bystander.webSocket("/ws")) {
            assertThat(hmr.read().text()).isEqualTo("hello from beta");
            assertThat(other.read().text()).isEqualTo("hello from beta");

            fixture.resolver.cable(clientId, "u-alpha");

            assertThatThrownBy(() -> {
                while (true) {
                    hmr.read();
                }
            }).isInstanceOf(IOException.class);
            assertThat(client.get("/after").body()).startsWith("alpha GET /after");
            try (RawWebSocket again = client.webSocket("/ws")) {
                assertThat(again.read().text()).isEqualTo("hello from alpha");
            }
            // The other client's tunnel is untouched.
            other.sendText("still");
            assertThat(other.read().text()).isEqualTo("beta:still");
        }
    }

    @Test
    void rapidReloadsFromNewPortsStayCorrect() throws Exception {
        SimulatedClient one = fixture.client(SIMULATOR_UA);
        SimulatedClient two = fixture.client(SIMULATOR_UA);
        one.get("/");
        two.get("/");
        fixture.resolver.cable(one.routeCookie().split("\\.")[0], "u-alpha");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(reloads(one, "alpha")));
            results.add(pool.submit(reloads(two, "beta")));
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(40);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A page load on a fresh connection, then an HMR socket, again and again; counts the correct ones. */
    private Callable<Integer> reloads(SimulatedClient client, String expected) {
        return () -> {
            int correct = 0;
            for (int i = 0; i < 40; i++) {
                try (RawHttp page = new RawHttp(fixture.port())) {
                    RawHttp.Response response = page.exchange("GET /bundle.js HTTP/1.1\r\nHost: localhost\r\n"
                            + "User-Agent: " + SIMULATOR_UA + "\r\nCookie: " + client.cookieHeader() + "\r\n\r\n");
                    try (RawWebSocket ws = client.webSocket("/hot")) {
                        if (response.body().startsWith(expected + " ")
                                && ws.read().text().equals("hello from " + expected)) {
                            correct++;
                        }
                    }
                }
            }
            return correct;
        };
    }

    @Test
    void aKilledUpstreamAnswers502AndTheNextRegisteredServerTakesOver() throws Exception {
        SimulatedClient client = fixture.client(SIMULATOR_UA);
        assertThat(client.get("/").body()).startsWith("beta ");
        beta.close();

        HttpResponse<String> failed = client.get("/again");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).contains("u-beta").contains("127.0.0.1:" + beta.port()).contains("dev server");
        assertThat(failed.headers().firstValue("X-Switchboard-Route")).hasValue("cookie u-beta");
        assertThat(fixture.resolver.unreachable).contains("u-beta");
        assertThat(fixture.count("switchboard.proxy.errors", "status", "502")).isEqualTo(1);

        try (TestUpstream gamma = TestUpstream.start("gamma")) {
            fixture.resolver.add("u-gamma", gamma.port());
            HttpResponse<String> back = client.get("/again");
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.body()).startsWith("gamma GET /again");
            assertThat(client.routeCookie()).endsWith(".u-gamma");
        }
    }

    @Test
    void anUpstreamsConnectionCloseIsHonouredAndKeepAliveConnectionsAreReused() throws Exception {
        SimulatedClient client = fixture.client(SIMULATOR_UA);
        assertThat(client.get("/close").statusCode()).isEqualTo(200);
        assertThat(client.get("/").statusCode()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(client.get("/n/" + i).body()).startsWith("beta GET /n/" + i);
        }
        // Keep-alive on both sides: eleven requests did not need eleven upstream connections.
        assertThat(beta.connections.get()).isLessThanOrEqualTo(3);
        assertThat(fixture.resolver.unreachable).isEmpty();
    }

    @Test
    void noLiveUpstreamIs503WithACookieAndAHint() throws Exception {
        fixture.resolver.remove("u-alpha");
        fixture.resolver.remove("u-beta");
        SimulatedClient client = fixture.client(SIMULATOR_UA);
        HttpResponse<String> response = client.get("/?app=com.example.app");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("no live upstream").contains("com.example.app")
                .contains("upstream.register");
        assertThat(response.headers().firstValue("X-Switchboard-Route")).isEmpty();
        assertThat(client.routeCookie()).matches("c-\\d+");
        assertThat(fixture.resolver.requests.get(0).app()).isEqualTo("com.example.app");
        // Keep-alive survives our own answer.
        assertThat(client.get("/").statusCode()).isEqualTo(503);
        assertThat(fixture.count("switchboard.proxy.errors", "status", "503")).isEqualTo(2);
    }

    @Test
    void aSilentUpstreamIs504AfterTheTimeout() throws Exception {
        fixture.close();
        fixture = new ProxyFixture(new ProxySettings(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofHours(1), 8));
        fixture.resolver.add("u-alpha", alpha.port());
        SimulatedClient client = fixture.client(null);
        // A fast request first on the same keep-alive connection: the per-connection timer must still fire
        // for the slow one that follows.
        assertThat(client.get("/first").body()).startsWith("alpha GET /first");
        HttpResponse<String> response = client.get("/slow");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("u-alpha").contains("300 ms").contains("proxy.upstreamTimeout");
        assertThat(response.headers().firstValue("X-Switchboard-Route")).hasValue("cookie u-alpha");
        assertThat(client.get("/fine").body()).startsWith("alpha GET /fine");
        assertThat(client.get("/slow").statusCode()).isEqualTo(504);
        assertThat(fixture.count("switchboard.proxy.errors", "status", "504")).isEqualTo(2);
    }

    @Test
    void headersAreRewrittenPerHopAndHostIsKept() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            RawHttp.Response response = http.exchange("GET /h?x=1 HTTP/1.1\r\nHost: dev.local:8081\r\n"
                    + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                    + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nUpgrade: h2c\r\nX-Forwarded-For: 10.0.0.9\r\n"
                    + "X-End-To-End: kept\r\nCookie: sb-route=<script>; theme=dark\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            TestUpstream.Seen seen = beta.seen.get(beta.seen.size() - 1);
            assertThat(seen.header("host")).isEqualTo("dev.local:8081");
            assertThat(seen.header("x-forwarded-for")).isEqualTo("10.0.0.9, 127.0.0.1");
            assertThat(seen.header("x-forwarded-proto")).isEqualTo("http");
            assertThat(seen.header("x-forwarded-host")).isEqualTo("dev.local:8081");
            assertThat(seen.header("x-end-to-end")).isEqualTo("kept");
            assertThat(seen.header("cookie")).contains("theme=dark");
            assertThat(seen.headers()).doesNotContainKeys("x-hop", "keep-alive", "te", "proxy-authorization",
                    "upgrade", "connection");
            // A malformed sb-route cookie is ignored: a new client.
            assertThat(fixture.resolver.requests.get(0).cookieClientId()).isNull();
            assertThat(response.all("set-cookie")).contains("app=1; Path=/")
                    .anyMatch(c -> c.matches("sb-route=c-\\d+\\.u-beta; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax"));
            assertThat(response.header("x-upstream")).isEqualTo("beta");

            // Same connection, HTTP/1.0 without keep-alive: answered, then closed.
            RawHttp.Response old = http.exchange("GET /old HTTP/1.0\r\nHost: dev.local\r\n\r\n");
            assertThat(old.status()).isEqualTo(200);
            assertThat(old.header("connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByPeer()).isTrue();
        }
    }

    @Test
    void aBodyEndedByTheUpstreamsCloseReachesAnHttp11ClientChunked() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            RawHttp.Response response = http.exchange("GET /nolength HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.body()).isEqualTo("beta until close");
            // The client's connection stays usable.
            assertThat(http.exchange("GET /next HTTP/1.1\r\nHost: x\r\n\r\n").body()).startsWith("beta GET /next");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send("GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /p2 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /p3 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(http.read(false).body()).startsWith("beta GET /p1");
            RawHttp.Response head = http.read(true);
            assertThat(head.status()).isEqualTo(200);
            RawHttp.Response post = http.read(false);
            assertThat(post.body()).startsWith("beta POST /p3").contains("body-bytes: 5");
        }
    }

    @Test
    void anIdleTunnelIsClosedAfterTheTimeout() throws Exception {
        fixture.close();
        fixture = new ProxyFixture(new ProxySettings(Duration.ofSeconds(5), Duration.ofMillis(400), Duration.ofHours(1), 8));
        fixture.resolver.add("u-alpha", alpha.port());
        SimulatedClient client = fixture.client(null);
        client.get("/");
        try (RawWebSocket ws = client.webSocket("/ws")) {
            assertThat(ws.read().text()).isEqualTo("hello from alpha");
            ws.setReadTimeout(10_000);
            assertThatThrownBy(() -> {
                while (true) {
                    ws.read();
                }
            }).isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> alpha.webSockets.get() == 0);
        assertThat(fixture.proxy.openTunnels()).isZero();
    }

    @Test
    void garbageOnTheProxyPortIsRefusedAndEveryoneElseCarriesOn() throws Exception {
        SimulatedClient bystander = fixture.client(SIMULATOR_UA);
        assertThat(bystander.get("/").statusCode()).isEqualTo(200);
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20; i++) {
            try (RawHttp garbage = new RawHttp(fixture.port())) {
                byte[] noise = new byte[1 + random.nextInt(4096)];
                random.nextBytes(noise);
                garbage.send(new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n\r\n");
            }
        }
        try (RawHttp bad = new RawHttp(fixture.port())) {
            RawHttp.Response response = bad.exchange("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
            assertThat(response.status()).isEqualTo(400);
        }
        assertThat(bystander.get("/still").body()).startsWith("beta GET /still");
    }

    @Test
    void anUpstreamThatAnswersBeforeTheBodyAndHangsUpLeavesTheClientUsable() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            int size = 4 * 1024 * 1024;
            http.send("POST /reject HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n");
            RawHttp.Response rejected = http.read(false);
            assertThat(rejected.status()).isEqualTo(413);
            assertThat(rejected.body()).isEqualTo("beta says too large");
            // The client finishes its upload anyway; the proxy drops it and serves the next request.
            http.send("x".repeat(size));
            assertThat(http.exchange("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").body()).startsWith("beta GET /after");
        }
    }

    @Test
    void expectContinueIsRelayedAndTheBodyFollows() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = http.read(false);
            assertThat(interim.status()).isEqualTo(100);
            http.send("hello");
            RawHttp.Response response = http.read(false);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).startsWith("beta POST /form").contains("body-bytes: 5");
            assertThat(response.header("x-switchboard-route")).isEqualTo("fallback u-beta");
        }
    }

    @Test
    void aClientsConnectionCloseIsHonouredThoughTheHeaderIsNotForwarded() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            RawHttp.Response response = http.exchange("GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByPeer()).isTrue();
        }
        assertThat(beta.seen.get(beta.seen.size() - 1).headers()).doesNotContainKey("connection");
    }
}
