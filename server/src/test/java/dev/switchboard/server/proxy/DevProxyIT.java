package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.ProxyConfig;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's testing plan end to end: a real node (routing domain, control socket, proxy port) in front of
 * two real HTTP + WebSocket dev servers, with simulated clients that each have their own cookie jar.
 */
class DevProxyIT {

    /** Both simulators run the same app: identical user-agents, as in the seed's "2 simulators" case. */
    private static final String SIMULATOR_UA = "MyApp/1 CFNetwork/1490.0.4 Darwin/23.2.0";

    @TempDir
    Path home;

    private TestGateway node;
    private ControlClient control;
    private TestUpstream alpha;
    private TestUpstream beta;
    private String alphaId;
    private String betaId;

    @BeforeEach
    void start() throws Exception {
        ProxyConfig d = ProxyConfig.DEFAULT;
        ProxyConfig proxy = new ProxyConfig(d.routeTtl(), d.portMemory(), d.pendingCableTtl(), d.maxClients(),
                // The prober stays out of the way (one probe a minute): a dead server is found by the proxy itself.
                Duration.ofMinutes(1), Duration.ofMillis(300), Duration.ofSeconds(5), d.tunnelIdleTimeout(),
                d.clientHeader(), d.expoUserAgent(), d.expoClientHeader(), d.defaultUpstream(), d.upstreams());
        node = TestGateway.start(home, config -> config.withProxy(proxy));
        control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")));
        alpha = TestUpstream.start("alpha");
        beta = TestUpstream.start("beta");
        alphaId = register(alpha, "alpha");
        betaId = register(beta, "beta");
    }

    @AfterEach
    void stop() {
        if (control != null) {
            control.close();
        }
        if (node != null) {
            node.close();
        }
        if (alpha != null) {
            alpha.close();
        }
        if (beta != null) {
            beta.close();
        }
    }

    private String register(TestUpstream upstream, String name) {
        return control.call("upstream.register", params("port", upstream.port(), "name", name)).get("id").asText();
    }

    private static Map<String, Object> params(Object... pairs) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put((String) pairs[i], pairs[i + 1]);
        }
        return params;
    }

    private SimulatedClient client(String userAgent) {
        return new SimulatedClient(node.node.proxyPort(), userAgent);
    }

    /**
     * The second simulator starts while the first is already running. (A cookie-less first request with the
     * same user-agent as a client that never sent its cookie back is taken for that client: the resolver's
     * rule for clients without a cookie jar.)
     */
    private static void arrives(SimulatedClient one, SimulatedClient two) throws Exception {
        one.get("/");
        one.get("/");
        two.get("/");
        two.get("/");
    }

    @Test
    void theProxyPortIsInTheHealthFile() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("health.json")));
        JsonNode health = new ObjectMapper().readTree(home.resolve("health.json").toFile());
        assertThat(health.get("proxyPort").asInt()).isEqualTo(node.node.proxyPort()).isNotEqualTo(node.port());
    }

    @Test
    void twoSimulatorsWithTheSameUserAgentStayApartOnceCabledForRequestsAndUpgrades() throws Exception {
        SimulatedClient one = client(SIMULATOR_UA);
        SimulatedClient two = client(SIMULATOR_UA);
        HttpResponse<String> first = one.get("/");
        arrives(one, two);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(one.clientId()).isNotEqualTo(two.clientId());
        assertThat(first.headers().firstValue("X-Switchboard-Route")).isPresent();

        // Both went to the fallback (beta, registered last); nothing but the cookie tells them apart. The
        // operator cables one of them to alpha; the other stays where its cookie says.
        assertThat(first.body()).startsWith("beta ");
        control.call("cable.connect", params("client", one.clientId(), "upstream", alphaId));

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> a = one.get("/page/" + i);
            HttpResponse<String> b = two.get("/page/" + i);
            assertThat(a.body()).startsWith("alpha GET /page/" + i);
            assertThat(a.headers().firstValue("X-Switchboard-Route")).hasValue("cable " + alphaId);
            assertThat(b.body()).startsWith("beta GET /page/" + i);
            assertThat(b.headers().firstValue("X-Switchboard-Route")).hasValue("cookie " + betaId);
        }
        assertThat(one.routeCookie()).isEqualTo(one.clientId() + "." + alphaId);
        assertThat(two.routeCookie()).isEqualTo(two.clientId() + "." + betaId);
        // Each upgrade: a new socket, a new source port, no user-agent, only the cookie.
        for (int i = 0; i < 5; i++) {
            try (RawWebSocket a = one.webSocket("/_expo/hot"); RawWebSocket b = two.webSocket("/_expo/hot")) {
                assertThat(a.status).isEqualTo(101);
                assertThat(a.read().text()).isEqualTo("hello from alpha");
                assertThat(b.read().text()).isEqualTo("hello from beta");
                a.sendText("x");
                assertThat(a.read().text()).isEqualTo("alpha:x");
            }
        }
        // The operator's view shows where the traffic actually went.
        JsonNode clients = control.call("cable.list", null).get("clients");
        assertThat(clients.toString()).contains(one.clientId()).contains(alphaId);
    }

    @Test
    void aCableChangeMovesTheNextRequestAndClosesTheOpenWebSocket() throws Exception {
        SimulatedClient client = client(SIMULATOR_UA);
        client.get("/");
        control.call("cable.connect", params("client", client.clientId(), "upstream", betaId));
        assertThat(client.get("/").body()).startsWith("beta ");
        try (RawWebSocket hmr = client.webSocket("/_expo/hot")) {
            assertThat(hmr.read().text()).isEqualTo("hello from beta");
            await().atMost(Duration.ofSeconds(10)).until(() -> node.node.registry()
                    .get("switchboard.proxy.tunnels.open").gauge().value() == 1.0);

            control.call("cable.connect", params("client", client.clientId(), "upstream", alphaId));

            assertThatThrownBy(() -> {
                while (true) {
                    hmr.read();
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(client.get("/next").body()).startsWith("alpha GET /next");
        try (RawWebSocket again = client.webSocket("/_expo/hot")) {
            assertThat(again.read().text()).isEqualTo("hello from alpha");
        }
    }

    @Test
    void rapidReloadsOnNewConnectionsStayOneHundredPercentCorrect() throws Exception {
        SimulatedClient one = client(SIMULATOR_UA);
        SimulatedClient two = client(SIMULATOR_UA);
        arrives(one, two);
        control.call("cable.connect", params("client", one.clientId(), "upstream", alphaId));
        control.call("cable.connect", params("client", two.clientId(), "upstream", betaId));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(reloads(one, "alpha", 50)));
            results.add(pool.submit(reloads(two, "beta", 50)));
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(50);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Integer> reloads(SimulatedClient client, String expected, int times) {
        return () -> {
            int correct = 0;
            for (int i = 0; i < times; i++) {
                // A reload: the page on a fresh connection (a new ephemeral port), then the HMR socket on another.
                try (RawHttp page = new RawHttp(node.node.proxyPort())) {
                    RawHttp.Response response = page.exchange("GET /index.bundle HTTP/1.1\r\nHost: localhost\r\n"
                            + "User-Agent: " + SIMULATOR_UA + "\r\nCookie: " + client.cookieHeader() + "\r\n\r\n");
                    try (RawWebSocket ws = client.webSocket("/_expo/hot")) {
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
    void aKilledDevServerIs502QuicklyThenANewServerTakesOver() throws Exception {
        SimulatedClient client = client(SIMULATOR_UA);
        HttpResponse<String> before = client.get("/");
        String servedBy = before.body().split(" ")[0];
        TestUpstream victim = servedBy.equals("alpha") ? alpha : beta;
        TestUpstream survivor = victim == alpha ? beta : alpha;
        String victimId = victim == alpha ? alphaId : betaId;
        survivor.close();
        control.call("upstream.unregister", params("id", victim == alpha ? betaId : alphaId));
        victim.close();

        HttpResponse<String> failed = client.get("/again");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).contains(victimId).contains("refused the connection").contains("dev server");
        assertThat(failed.headers().firstValue("X-Switchboard-Route")).hasValue("cookie " + victimId);
        // Marked dead at once: the next request does not even try it.
        HttpResponse<String> unavailable = client.get("/again");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("no live upstream");

        try (TestUpstream fresh = TestUpstream.start("gamma")) {
            String freshId = register(fresh, "gamma");
            HttpResponse<String> back = client.get("/again");
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.body()).startsWith("gamma GET /again");
            assertThat(client.routeCookie()).isEqualTo(client.clientId() + "." + freshId);
            try (RawWebSocket ws = client.webSocket("/_expo/hot")) {
                assertThat(ws.read().text()).isEqualTo("hello from gamma");
            }
        }
    }

    @Test
    void shutdownClosesOpenTunnels() throws Exception {
        SimulatedClient client = client(SIMULATOR_UA);
        client.get("/");
        RawWebSocket ws = client.webSocket("/_expo/hot");
        assertThat(ws.read().text()).startsWith("hello from ");
        node.close();
        node = null;
        assertThatThrownBy(() -> {
            while (true) {
                ws.read();
            }
        }).isInstanceOf(IOException.class);
        ws.close();
    }
}
