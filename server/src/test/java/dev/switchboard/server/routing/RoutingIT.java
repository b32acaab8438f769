package dev.switchboard.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteMethod;
import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.ProxyConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing domain through a real node: control socket, HTTP API, upstreams.json, the prober. */
class RoutingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private TestGateway gateway;
    private final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (ServerSocket server : servers) {
            server.close();
        }
    }

    /** A real listening port standing in for a dev server (the prober only needs the TCP accept). */
    private int openPort() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        return server.getLocalPort();
    }

    /** A port nothing listens on: bound then closed. */
    private static int closedPort() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return server.getLocalPort();
        }
    }

    private static ProxyConfig proxy(Duration probeInterval, String upstreams) {
        return ProxyConfig.DEFAULT.withProbe(probeInterval, Duration.ofMillis(500)).withUpstreams(upstreams, null);
    }

    private TestGateway start(ProxyConfig proxy) throws Exception {
        gateway = TestGateway.start(home, config -> config.withProxy(proxy));
        return gateway;
    }

    private ControlClient control() {
        return ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")));
    }

    private static Map<String, Object> params(Object... pairs) {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put((String) pairs[i], pairs[i + 1]);
        }
        return params;
    }

    @Test
    void upstreamsRegisterUpdateListAndUnregisterThroughTheControlSocket() throws Exception {
        start(proxy(Duration.ofSeconds(5), null));
        int port = openPort();
        try (ControlClient control = control()) {
            JsonNode first = control.call("upstream.register", params("port", port, "name", "web"));
            assertThat(first.get("id").asText()).startsWith("u-");
            assertThat(first.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(first.get("port").asInt()).isEqualTo(port);
            assertThat(first.get("live").asBoolean()).isTrue();
            assertThat(first.has("root")).isTrue();
            assertThat(first.get("root").isNull()).isTrue();
            assertThat(first.get("registeredAt").asText()).endsWith("Z");

            JsonNode again = control.call("upstream.register", params("port", port, "host", "127.0.0.1",
                    "bundleId", "com.x.web", "root", "/src/web"));
            assertThat(again.get("id").asText()).as("same host:port keeps its id").isEqualTo(first.get("id").asText());
            assertThat(again.get("bundleId").asText()).isEqualTo("com.x.web");

            JsonNode list = control.call("upstream.list", null);
            assertThat(list.get("upstreams")).hasSize(1);
            assertThat(list.get("upstreams").get(0).get("root").asText()).isEqualTo("/src/web");

            JsonNode persisted = JSON.readTree(Files.readAllBytes(home.resolve("upstreams.json")));
            assertThat(persisted.get("upstreams").get(0).get("id").asText()).isEqualTo(first.get("id").asText());

            assertThatThrownBy(() -> control.call("upstream.register", params("port", 70000)))
                    .isInstanceOf(ControlCallException.class).hasMessageContaining("port");
            assertThat(control.call("upstream.unregister", params("id", first.get("id").asText()))
                    .get("removed").asBoolean()).isTrue();
            assertThat(control.call("upstream.unregister", params("id", first.get("id").asText()))
                    .get("removed").asBoolean()).isFalse();
            assertThat(control.call("upstream.list", null).get("upstreams")).isEmpty();
            assertThat(JSON.readTree(Files.readAllBytes(home.resolve("upstreams.json"))).get("upstreams")).isEmpty();
        }
    }

    @Test
    void cablesThroughTheControlSocketFollowTrafficAndFireRemap() throws Exception {
        start(proxy(Duration.ofSeconds(5), null));
        int p1 = openPort();
        int p2 = openPort();
        List<String> remapped = new CopyOnWriteArrayList<>();
        gateway.node.routeResolver().onRemap(remapped::add);
        try (ControlClient control = control()) {
            String u1 = control.call("upstream.register", params("port", p1, "name", "one")).get("id").asText();
            String u2 = control.call("upstream.register", params("port", p2, "name", "two")).get("id").asText();
            RouteDecision d = gateway.node.routeResolver().resolve(new RouteRequest(null, null,
                    Map.of("user-agent", "MyApp/1 CFNetwork"), "127.0.0.1", 50000, false, null));
            assertThat(d.upstream().id()).isEqualTo(u2);

            JsonNode listing = control.call("cable.list", null);
            JsonNode client = listing.get("clients").get(0);
            assertThat(client.get("key").asText()).isEqualTo(d.clientId());
            assertThat(client.get("identifier").asText()).isEqualTo("MyApp");
            assertThat(client.get("upstream").asText()).isEqualTo(u2);
            assertThat(client.get("method").asText()).isEqualTo("fallback");
            assertThat(client.get("lastSeen").asText()).endsWith("Z");
            assertThat(listing.get("upstreams")).hasSize(2);
            assertThat(listing.get("cables")).isEmpty();

            JsonNode cable = control.call("cable.connect", params("client", d.clientId(), "upstream", u1));
            assertThat(cable.get("client").asText()).isEqualTo(d.clientId());
            assertThat(cable.get("upstream").asText()).isEqualTo(u1);
            assertThat(cable.get("pending").asBoolean()).isFalse();
            assertThat(remapped).containsExactly(d.clientId());

            RouteDecision upgrade = gateway.node.routeResolver().resolve(new RouteRequest(d.clientId(), u2, Map.of(),
                    "127.0.0.1", 50001, true, null));
            assertThat(upgrade.method()).isEqualTo(RouteMethod.CABLE);
            JsonNode after = control.call("cable.list", null);
            assertThat(after.get("clients").get(0).get("upstream").asText()).isEqualTo(u1);
            assertThat(after.get("cables").get(0).get("client").asText()).isEqualTo(d.clientId());
            assertThat(after.get("cables").get(0).get("pending").asBoolean()).isFalse();
            assertThat(after.get("cables").get(0).get("createdAt").asText()).endsWith("Z");

            JsonNode pending = control.call("cable.connect", params("client", "OtherApp", "upstream", "one"));
            assertThat(pending.get("pending").asBoolean()).isTrue();
            assertThat(pending.get("upstream").asText()).isEqualTo(u1);

            assertThatThrownBy(() -> control.call("cable.connect", params("client", d.clientId(), "upstream", "nope")))
                    .isInstanceOf(ControlCallException.class).hasMessageContaining("no upstream nope");

            assertThat(control.call("cable.disconnect", params("client", d.clientId())).get("removed").asBoolean())
                    .isTrue();
            assertThat(control.call("cable.disconnect", params("client", "OtherApp")).get("removed").asBoolean())
                    .isTrue();
            assertThat(control.call("cable.disconnect", params("client", "OtherApp")).get("removed").asBoolean())
                    .isFalse();
            assertThat(remapped).containsExactly(d.clientId(), d.clientId());
        }
    }

    @Test
    void routeExplainThroughBothDoors() throws Exception {
        start(proxy(Duration.ofSeconds(5), null));
        int p1 = openPort();
        try (ControlClient control = control()) {
            String u1 = control.call("upstream.register", params("port", p1, "bundleId", "MyApp")).get("id").asText();
            JsonNode explained = control.call("route.explain", params("headers",
                    Map.of("User-Agent", "MyApp/3 CFNetwork/1"), "remotePort", 50000));
            assertThat(explained.get("upstream").asText()).isEqualTo(u1);
            assertThat(explained.get("method").asText()).isEqualTo("ua-match");
            assertThat(explained.get("client").isNull()).isTrue();
            assertThat(explained.get("steps")).hasSize(6);
            assertThat(explained.get("steps").get(4).get("matched").asBoolean()).isTrue();
            assertThat(explained.get("steps").get(0).get("method").asText()).isEqualTo("pending");
        }
        HttpResponse<String> api = gateway.api("POST", "/api/v1/route/explain",
                "{\"headers\":{\"user-agent\":\"curl/8\"},\"cookie\":\"sb-route=c-aaaaaaaaaaaaaaaa\",\"upgrade\":true}");
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(api.body());
        assertThat(body.get("identity").asText()).contains("cookie c-aaaaaaaaaaaaaaaa");
        assertThat(body.get("method").asText()).isEqualTo("fallback");
        assertThat(gateway.node.routing().resolver().sizes().get("clients")).as("explain learns nothing").isZero();
    }

    @Test
    void theSameOperationsOnTheHttpApi() throws Exception {
        start(proxy(Duration.ofSeconds(5), null));
        int p1 = openPort();
        HttpResponse<String> registered = gateway.api("POST", "/api/v1/upstreams",
                "{\"port\":" + p1 + ",\"name\":\"web\"}");
        assertThat(registered.statusCode()).isEqualTo(200);
        String id = JSON.readTree(registered.body()).get("id").asText();
        assertThat(JSON.readTree(gateway.api("GET", "/api/v1/upstreams", null).body()).get("upstreams").get(0)
                .get("name").asText()).isEqualTo("web");

        RouteDecision d = gateway.node.routeResolver().resolve(new RouteRequest(null, null,
                Map.of("x-switchboard-client", "sim-1"), "127.0.0.1", 1, false, null));
        HttpResponse<String> connected = gateway.api("POST", "/api/v1/cables",
                "{\"client\":\"" + d.clientId() + "\",\"upstream\":\"web\"}");
        assertThat(connected.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(connected.body()).get("upstream").asText()).isEqualTo(id);
        JsonNode cables = JSON.readTree(gateway.api("GET", "/api/v1/cables", null).body());
        assertThat(cables.get("cables").get(0).get("client").asText()).isEqualTo(d.clientId());
        assertThat(gateway.api("DELETE", "/api/v1/cables/" + d.clientId(), null).statusCode()).isEqualTo(200);
        assertThat(gateway.api("DELETE", "/api/v1/cables/" + d.clientId(), null).statusCode()).isEqualTo(404);

        assertThat(gateway.api("POST", "/api/v1/upstreams", "{\"name\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(gateway.api("POST", "/api/v1/upstreams", "{\"port\":1,\"bogus\":1}").statusCode()).isEqualTo(400);
        assertThat(gateway.api("POST", "/api/v1/cables", "{\"client\":\"App\",\"upstream\":\"nope\"}").statusCode())
                .isEqualTo(404);
        assertThat(gateway.api("PUT", "/api/v1/upstreams", "{}").statusCode()).isEqualTo(405);
        assertThat(gateway.api("GET", "/api/v1/upstreams", null, "wrong-key-wrong-key").statusCode()).isEqualTo(401);
        assertThat(gateway.api("DELETE", "/api/v1/upstreams/" + id, null).statusCode()).isEqualTo(200);
        assertThat(gateway.api("DELETE", "/api/v1/upstreams/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void restartKeepsAnsweringUpstreamsWithTheirIdsAndDropsSilentOnes() throws Exception {
        start(proxy(Duration.ofSeconds(5), null));
        int alive = openPort();
        ServerSocket doomed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String aliveId;
        try (ControlClient control = control()) {
            aliveId = control.call("upstream.register", params("port", alive, "name", "alive")).get("id").asText();
            control.call("upstream.register", params("port", doomed.getLocalPort(), "name", "doomed"));
        }
        gateway.close();
        gateway = null;
        doomed.close();

        start(proxy(Duration.ofSeconds(5), null));
        try (ControlClient control = control()) {
            JsonNode list = control.call("upstream.list", null).get("upstreams");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("id").asText()).isEqualTo(aliveId);
            assertThat(list.get(0).get("name").asText()).isEqualTo("alive");
        }
        assertThat(JSON.readTree(Files.readAllBytes(home.resolve("upstreams.json"))).get("upstreams")).hasSize(1);
    }

    @Test
    void theProberMarksASilentUpstreamDeadAndBringsItBackWhenItAnswers() throws Exception {
        int port = closedPort();
        start(proxy(Duration.ofMillis(100), "127.0.0.1:" + port + " name=web"));
        String id = gateway.node.routing().upstreams().list().get(0).id();
        await().atMost(Duration.ofSeconds(10)).until(() -> !gateway.node.routing().upstreams().get(id).get().live());
        RouteDecision none = gateway.node.routeResolver().resolve(new RouteRequest(null, null, Map.of(), "127.0.0.1",
                1, false, null));
        assertThat(none.routed()).isFalse();

        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.node.routing().upstreams().get(id).get().live());
        assertThat(gateway.node.routeResolver().resolve(new RouteRequest(null, null, Map.of(), "127.0.0.1", 2,
                false, null)).upstream().id()).isEqualTo(id);

        // Passive detection: dead at once, until the next probe sees it answer.
        gateway.node.routeResolver().upstreamUnreachable(id);
        server.close();
        assertThat(gateway.node.routing().upstreams().get(id).get().live()).isFalse();
        assertThat(gateway.node.registry().find("switchboard.routing.upstreams").tag("state", "dead").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void aSecondDaemonRefusedOnTheSameHomeLeavesUpstreamsJsonAlone() throws Exception {
        start(proxy(Duration.ofSeconds(5), null));
        int silent = closedPort();
        try (ControlClient control = control()) {
            control.call("upstream.register", params("port", silent, "name", "silent"));
        }
        byte[] before = Files.readAllBytes(home.resolve("upstreams.json"));
        assertThatThrownBy(() -> TestGateway.start(home, config -> config.withProxy(proxy(Duration.ofSeconds(5),
                null)))).isNotNull();
        assertThat(Files.readAllBytes(home.resolve("upstreams.json"))).as("not reconciled by the refused daemon")
                .isEqualTo(before);
    }
}
