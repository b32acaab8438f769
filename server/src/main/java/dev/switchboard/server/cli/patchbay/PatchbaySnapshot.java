package dev.switchboard.server.cli.patchbay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One answer of {@code cable.list}: the clients with where their traffic goes and why, the upstreams, and
 * the operator's cables. Parsed leniently (a missing field is null, a bad timestamp is null) so a newer
 * daemon with more fields, or an older one with fewer, still shows what it can.
 */
public record PatchbaySnapshot(List<Client> clients, List<Upstream> upstreams, List<Cable> cables) {

    public static final PatchbaySnapshot EMPTY = new PatchbaySnapshot(List.of(), List.of(), List.of());

    public PatchbaySnapshot {
        clients = List.copyOf(clients);
        upstreams = List.copyOf(upstreams);
        cables = List.copyOf(cables);
    }

    /**
     * A client the proxy has seen. {@code upstream} is where its traffic actually goes (null: nowhere yet),
     * {@code method} the step of the resolution chain that decided it (pending, cable, cookie, cached,
     * ua-match, fallback).
     */
    public record Client(String key, String identifier, Instant lastSeen, String upstream, String method) {
    }

    /** A registered dev server. */
    public record Upstream(String id, String host, int port, String root, String bundleId, String name, boolean live,
                           Instant registeredAt) {

        public static Upstream fromJson(JsonNode node) {
            return new Upstream(text(node, "id"), text(node, "host"), node.path("port").asInt(), text(node, "root"),
                    text(node, "bundleId"), text(node, "name"), node.path("live").asBoolean(false),
                    instant(node, "registeredAt"));
        }

        /** host:port, the way a developer recognises the server. */
        public String address() {
            return (host == null ? "?" : host) + ":" + port;
        }

        /** The name, else the bundle id, else the address: the best short label. */
        public String label() {
            if (name != null && !name.isBlank()) {
                return name;
            }
            return bundleId != null && !bundleId.isBlank() ? bundleId : address();
        }
    }

    /**
     * An operator cable. {@code pending} cables wait for the next new client of an app: their {@code client}
     * is that app identifier, not a client key.
     */
    public record Cable(String client, String upstream, boolean pending, Instant createdAt) {
    }

    public static PatchbaySnapshot fromJson(JsonNode node) {
        List<Client> clients = new ArrayList<>();
        for (JsonNode c : node.path("clients")) {
            clients.add(new Client(text(c, "key"), text(c, "identifier"), instant(c, "lastSeen"), text(c, "upstream"),
                    text(c, "method")));
        }
        List<Cable> cables = new ArrayList<>();
        for (JsonNode c : node.path("cables")) {
            cables.add(new Cable(text(c, "client"), text(c, "upstream"), c.path("pending").asBoolean(false),
                    instant(c, "createdAt")));
        }
        return new PatchbaySnapshot(clients, upstreams(node.path("upstreams")), cables);
    }

    /** The upstreams of an {@code upstreams} array, as {@code upstream.list} and {@code cable.list} give it. */
    public static List<Upstream> upstreams(JsonNode array) {
        List<Upstream> upstreams = new ArrayList<>();
        for (JsonNode u : array) {
            upstreams.add(Upstream.fromJson(u));
        }
        return upstreams;
    }

    public Optional<Upstream> upstream(String id) {
        return upstreams.stream().filter(u -> u.id().equals(id)).findFirst();
    }

    /** The operator cable of a client key (not a pending one), if any. */
    public Optional<Cable> cableOf(String clientKey) {
        return cables.stream().filter(c -> !c.pending() && c.client().equals(clientKey)).findFirst();
    }

    public List<Cable> pendingCables() {
        return cables.stream().filter(Cable::pending).toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffsetEither) {
                return null;
            }
        }
    }
}
