package dev.switchboard.server.cli.patchbay;

import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Cable;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Client;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Upstream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The patchbay as plain text, for {@code ./switchboard cables --list}, {@code ./switchboard upstreams} and
 * the non-terminal fallback of {@code ./switchboard cables}: the same facts the TUI draws, one table each.
 */
public final class PatchbayText {

    /** Why a client's traffic goes where it goes, one phrase per step of the resolution chain. */
    static final Map<String, String> WHY = Map.of(
            "pending", "operator cable for the next new client of this app",
            "cable", "operator cable",
            "cookie", "its sticky cookie names the upstream it was last sent to",
            "cached", "learned from its headers",
            "ua-match", "the one live upstream matching its app",
            "fallback", "the configured default, else the newest live upstream");

    private PatchbayText() {
    }

    public static List<String> lines(PatchbaySnapshot listing, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("CLIENTS (" + listing.clients().size() + ")");
        if (listing.clients().isEmpty()) {
            lines.add("  none yet: clients appear on their first request through the proxy");
        } else {
            TextTable table = new TextTable("CLIENT", "APP", "LAST SEEN", "TRAFFIC GOES TO", "WHY");
            for (Client client : listing.clients()) {
                table.row(client.key(), client.identifier(), ago(client.lastSeen(), now), destination(listing, client),
                        why(listing, client));
            }
            lines.addAll(table.lines("  "));
        }
        lines.add("");
        lines.addAll(upstreams(listing.upstreams(), now));
        lines.add("");
        lines.add("CABLES (" + listing.cables().size() + ")");
        if (listing.cables().isEmpty()) {
            lines.add("  none: routing is learned (connect one with ./switchboard cable connect CLIENT UPSTREAM)");
        } else {
            TextTable table = new TextTable("CLIENT", "UPSTREAM", "KIND", "SINCE");
            for (Cable cable : listing.cables()) {
                table.row(cable.client(), upstreamLabel(listing, cable.upstream()),
                        cable.pending() ? "pending: next new client of this app" : "cable",
                        ago(cable.createdAt(), now));
            }
            lines.addAll(table.lines("  "));
        }
        return lines;
    }

    /** The upstream table, as {@code ./switchboard upstreams} prints it. */
    public static List<String> upstreams(List<Upstream> upstreams, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("UPSTREAMS (" + upstreams.size() + ")");
        if (upstreams.isEmpty()) {
            lines.add("  none registered (./switchboard upstreams register --port PORT)");
            return lines;
        }
        TextTable table = new TextTable("ID", "NAME", "BUNDLE ID", "ADDRESS", "STATE", "ROOT", "REGISTERED");
        for (Upstream upstream : upstreams) {
            table.row(upstream.id(), upstream.name(), upstream.bundleId(), upstream.address(),
                    upstream.live() ? "live" : "DEAD", upstream.root(), ago(upstream.registeredAt(), now));
        }
        lines.addAll(table.lines("  "));
        return lines;
    }

    /** "u1 web (127.0.0.1:5173)", flagged when dead; "nowhere yet" when the client has no route. */
    static String destination(PatchbaySnapshot listing, Client client) {
        if (client.upstream() == null) {
            return "nowhere yet";
        }
        return upstreamLabel(listing, client.upstream());
    }

    static String upstreamLabel(PatchbaySnapshot listing, String id) {
        return listing.upstream(id)
                .map(u -> u.id() + " " + u.label() + " (" + u.address() + ")" + (u.live() ? "" : " DEAD"))
                .orElse(id + " (unregistered)");
    }

    /**
     * The method and its meaning. {@code cable.list} tells where a client's last request went; when its
     * cable points elsewhere that is said too: either the next request follows the cable (just plugged), or
     * the cable is not followed (its upstream is dead or gone), so the listing never passes a cable off as
     * the route when it is not.
     */
    static String why(PatchbaySnapshot listing, Client client) {
        String method = client.method();
        String why = method == null ? "no route yet: decided on its next request"
                : WHY.containsKey(method) ? method + ": " + WHY.get(method) : method;
        String cableNote = listing.cableOf(client.key())
                .filter(cable -> !cable.upstream().equals(client.upstream()))
                .map(cable -> listing.upstream(cable.upstream())
                        .map(u -> u.live() ? "; cabled to " + u.id() + ": its next request goes there"
                                : "; its cable to " + u.id() + " is not followed (upstream dead)")
                        .orElse("; its cable to " + cable.upstream() + " is not followed (upstream unregistered)"))
                .orElse("");
        return why + cableNote;
    }

    static String ago(Instant then, Instant now) {
        if (then == null) {
            return null;
        }
        long seconds = Math.max(0, Duration.between(then, now).toSeconds());
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86_400 + "d ago";
    }
}
