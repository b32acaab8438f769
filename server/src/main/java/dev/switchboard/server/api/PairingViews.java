package dev.switchboard.server.api;

import dev.switchboard.core.cluster.PairingRecord;
import dev.switchboard.core.hub.Hub;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a pairing is shown to operators, the same from the HTTP API and the control socket. */
public final class PairingViews {

    private PairingViews() {
    }

    /** Every open code and pairing, oldest first: {@code {total, pairings: [...]}}. */
    public static Map<String, Object> listing(Hub hub, Collection<PairingRecord> records) {
        List<PairingRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(PairingRecord::createdAt).thenComparing(PairingRecord::code));
        List<Map<String, Object>> views = new ArrayList<>();
        for (PairingRecord record : sorted) {
            views.add(view(hub, record));
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("total", views.size());
        listing.put("pairings", views);
        return listing;
    }

    public static Map<String, Object> view(Hub hub, PairingRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", record.code());
        view.put("state", record.isPaired() ? "paired" : "open");
        view.put("creator", side(hub, record.creatorLineId(), record.creatorNode()));
        view.put("joiner", record.isPaired() ? side(hub, record.joinerLineId(), record.joinerNode()) : null);
        view.put("createdAt", record.createdAt().toString());
        view.put("expiresAt", record.isPaired() ? null : record.expiresAt().toString());
        view.put("pairedAt", record.pairedAt() == null ? null : record.pairedAt().toString());
        return view;
    }

    private static Map<String, Object> side(Hub hub, String lineId, String node) {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("connectionId", lineId);
        side.put("node", node);
        hub.line(lineId).ifPresent(line -> {
            side.put("user", line.principal().userId());
            side.put("device", line.principal().deviceId());
        });
        return side;
    }
}
