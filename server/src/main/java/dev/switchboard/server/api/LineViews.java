package dev.switchboard.server.api;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** How a line is shown to operators, the same from every door. */
public final class LineViews {

    /** Lines listed when no limit is given, and the most a caller may ask for. */
    public static final int DEFAULT_LIMIT = 1_000;
    public static final int MAX_LIMIT = 10_000;

    private LineViews() {
    }

    /**
     * This node's lines of a user and/or device (null matches any), oldest first, at most {@code limit}:
     * {@code {total, truncated, connections: [...]}}.
     */
    public static Map<String, Object> listing(Hub hub, String user, String device, int limit) {
        List<Line> matching = new ArrayList<>();
        for (Line line : hub.lines()) {
            if ((user == null || user.equals(line.principal().userId()))
                    && (device == null || device.equals(line.principal().deviceId()))) {
                matching.add(line);
            }
        }
        matching.sort(Comparator.comparing(Line::connectedAt).thenComparing(Line::id));
        List<Map<String, Object>> views = new ArrayList<>();
        for (Line line : matching.subList(0, Math.min(limit, matching.size()))) {
            views.add(view(hub, line));
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("total", matching.size());
        listing.put("truncated", matching.size() > limit);
        listing.put("connections", views);
        return listing;
    }

    /** When anything (a frame, a pong) was last heard from the line's peer, ISO-8601 UTC; null when not tracked. */
    public static String lastSeenAt(Line line) {
        java.time.Duration silence = line.silence();
        return silence == null ? null : java.time.Instant.now().minus(silence).toString();
    }

    public static Map<String, Object> view(Hub hub, Line line) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", line.id());
        view.put("user", line.principal().userId());
        view.put("device", line.principal().deviceId());
        view.put("deviceVersion", line.principal().deviceVersion());
        view.put("remoteAddress", line.remoteAddress());
        view.put("connectedSince", line.connectedAt().toString());
        view.put("channels", new TreeSet<>(hub.channelsOf(line)));
        view.put("lastSeenAt", lastSeenAt(line));
        view.put("messagesIn", line.stats().messagesIn());
        view.put("bytesIn", line.stats().bytesIn());
        view.put("messagesOut", line.stats().messagesOut());
        view.put("bytesOut", line.stats().bytesOut());
        return view;
    }
}
