package dev.switchboard.server.api;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** How a line is shown to operators, the same from every door. */
public final class LineViews {

    private LineViews() {
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
        view.put("messagesIn", line.stats().messagesIn());
        view.put("bytesIn", line.stats().bytesIn());
        view.put("messagesOut", line.stats().messagesOut());
        view.put("bytesOut", line.stats().bytesOut());
        return view;
    }
}
