package dev.switchboard.server.api;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.session.AppPort;
import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.core.session.SessionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How user sessions are shown to operators, the same behind {@code GET /api/v1/sessions} and {@code session.list}. */
public final class SessionViews {

    private SessionViews() {
    }

    /** This node's sessions of a user and/or device (null matches any), oldest first: {@code {total, sessions}}. */
    public static Map<String, Object> listing(SessionRegistry sessions, Hub hub, String user, String device) {
        AppPort apps = sessions.apps();
        List<Map<String, Object>> views = new ArrayList<>();
        for (SessionView session : sessions.list()) {
            if ((user == null || user.equals(session.userId())) && (device == null || device.equals(session.deviceId()))) {
                Map<String, Object> view = view(session, apps);
                Line line = session.lineId() == null ? null : hub.line(session.lineId()).orElse(null);
                view.put("lineLastSeenAt", line == null ? null : LineViews.lastSeenAt(line));
                views.add(view);
            }
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("total", views.size());
        listing.put("sessions", views);
        return listing;
    }

    public static Map<String, Object> view(SessionView session, AppPort apps) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id());
        view.put("userId", session.userId());
        view.put("deviceId", session.deviceId());
        view.put("state", session.state().name());
        view.put("lastSeq", session.lastSeq());
        view.put("ackedSeq", session.ackedSeq());
        view.put("bufferedMessages", session.bufferedMessages());
        view.put("bufferedBytes", session.bufferedBytes());
        view.put("lineId", session.lineId());
        view.put("createdAt", session.createdAt().toString());
        view.put("disconnectedAt", session.disconnectedAt() == null ? null : session.disconnectedAt().toString());
        view.put("resumes", session.resumes());
        List<Map<String, Object>> appViews = new ArrayList<>();
        for (AppPort.AppSummary app : apps.appsOf(session.id())) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("packageName", app.packageName());
            a.put("state", app.state());
            appViews.add(a);
        }
        view.put("apps", appViews);
        return view;
    }
}
