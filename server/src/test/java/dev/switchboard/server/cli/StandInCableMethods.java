package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.control.method.MethodRegistry;
import dev.switchboard.server.control.method.RpcException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the daemon's {@code upstream.*} and {@code cable.*} control methods, with the shapes of
 * the routing proxy's contract, registered on a real {@link dev.switchboard.server.TestGateway} node so
 * the CLI is tested over the real control socket. They keep a small in-memory patchbay that a test seeds
 * with clients, and record every change asked of them. Like the real daemon, {@code cable.list} reports a
 * cabled client's traffic as going where its cable points only while that upstream is live.
 */
final class StandInCableMethods {

    private final Map<String, Map<String, Object>> upstreams = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> cables = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int nextId = 1;

    static StandInCableMethods registerOn(MethodRegistry methods) {
        StandInCableMethods standIn = new StandInCableMethods();
        methods.register("upstream.register", JsonNode.class, "{port, host?, root?, bundleId?, name?}", "stand-in",
                (p, ctx) -> standIn.register(p));
        methods.register("upstream.unregister", JsonNode.class, "{id}", "stand-in", (p, ctx) -> standIn.unregister(p));
        methods.register("upstream.list", JsonNode.class, "{}", "stand-in", (p, ctx) -> standIn.upstreamList());
        methods.register("cable.list", JsonNode.class, "{}", "stand-in", (p, ctx) -> standIn.cableList());
        methods.register("cable.connect", JsonNode.class, "{client, upstream}", "stand-in", (p, ctx) -> standIn.connect(p));
        methods.register("cable.disconnect", JsonNode.class, "{client}", "stand-in", (p, ctx) -> standIn.disconnect(p));
        return standIn;
    }

    /** The changes asked for so far, as "connect CLIENT UPSTREAM" / "disconnect CLIENT" / "register ..." lines. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** A client the proxy has seen, learned to {@code upstream} by {@code method}. */
    synchronized void seeClient(String key, String identifier, String upstream, String method) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("key", key);
        client.put("identifier", identifier);
        client.put("lastSeen", Instant.now().toString());
        client.put("upstream", upstream);
        client.put("method", method);
        clients.put(key, client);
    }

    synchronized void setLive(String id, boolean live) {
        upstreams.get(id).put("live", live);
    }

    private synchronized Object register(JsonNode p) {
        if (!p.path("port").canConvertToInt() || p.path("port").asInt() <= 0 || p.path("port").asInt() > 65535) {
            throw RpcException.invalidParams("port must be 1-65535");
        }
        String host = p.path("host").asText("127.0.0.1");
        int port = p.path("port").asInt();
        Map<String, Object> upstream = upstreams.values().stream()
                .filter(u -> u.get("host").equals(host) && u.get("port").equals(port)).findFirst().orElse(null);
        if (upstream == null) {
            upstream = new LinkedHashMap<>();
            upstream.put("id", "u" + nextId++);
            upstream.put("host", host);
            upstream.put("port", port);
            upstream.put("registeredAt", Instant.now().toString());
            upstream.put("live", true);
        }
        upstream.put("root", p.hasNonNull("root") ? p.get("root").asText() : null);
        upstream.put("bundleId", p.hasNonNull("bundleId") ? p.get("bundleId").asText() : null);
        upstream.put("name", p.hasNonNull("name") ? p.get("name").asText() : null);
        upstreams.put((String) upstream.get("id"), upstream);
        calls.add("register " + host + ":" + port);
        return upstream;
    }

    private synchronized Object unregister(JsonNode p) {
        calls.add("unregister " + p.path("id").asText());
        return Map.of("removed", upstreams.remove(p.path("id").asText()) != null);
    }

    private synchronized Object upstreamList() {
        return Map.of("upstreams", List.copyOf(upstreams.values()));
    }

    private synchronized Object cableList() {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Map<String, Object> client : clients.values()) {
            Map<String, Object> row = new LinkedHashMap<>(client);
            Map<String, Object> cable = cables.get(client.get("key"));
            if (cable != null && Boolean.TRUE.equals(upstreams.get(cable.get("upstream")).get("live"))) {
                row.put("upstream", cable.get("upstream"));
                row.put("method", "cable");
            }
            shown.add(row);
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("clients", shown);
        listing.put("upstreams", List.copyOf(upstreams.values()));
        listing.put("cables", List.copyOf(cables.values()));
        return listing;
    }

    private synchronized Object connect(JsonNode p) {
        String client = p.path("client").asText("");
        String upstream = p.path("upstream").asText("");
        if (!upstreams.containsKey(upstream)) {
            throw RpcException.notFound("no upstream " + upstream + " (see upstream.list)");
        }
        boolean pending = !clients.containsKey(client);
        if (pending && clients.values().stream().noneMatch(c -> client.equals(c.get("identifier")))
                && upstreams.values().stream().noneMatch(u -> client.equals(u.get("bundleId")))) {
            throw RpcException.notFound("no client or app " + client + " (see cable.list)");
        }
        Map<String, Object> cable = new LinkedHashMap<>();
        cable.put("client", client);
        cable.put("upstream", upstream);
        cable.put("pending", pending);
        cable.put("createdAt", Instant.now().toString());
        cables.put(client, cable);
        calls.add("connect " + client + " " + upstream);
        return Map.of("client", client, "upstream", upstream, "pending", pending);
    }

    private synchronized Object disconnect(JsonNode p) {
        String client = p.path("client").asText("");
        calls.add("disconnect " + client);
        return Map.of("removed", cables.remove(client) != null);
    }
}
