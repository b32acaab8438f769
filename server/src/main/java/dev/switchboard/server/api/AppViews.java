package dev.switchboard.server.api;

import dev.switchboard.core.app.AppLine;
import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.core.app.AppService;
import dev.switchboard.core.app.AppSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How apps are shown to operators, the same from the HTTP API ({@code /api/v1/apps}) and {@code app.list}. */
public final class AppViews {

    private AppViews() {
    }

    /** Every registered app with where it runs: {@code {total, apps: [{packageName, webhookUrl, sessions}]}}. */
    public static Map<String, Object> listing(AppService apps) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (AppRegistration app : apps.registry().all()) {
            views.add(view(apps, app));
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("total", views.size());
        listing.put("apps", views);
        return listing;
    }

    public static Map<String, Object> view(AppService apps, AppRegistration app) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("packageName", app.packageName());
        view.put("webhookUrl", app.webhookUrl());
        view.put("registeredAt", app.registeredAt().toString());
        List<AppSession> running = new ArrayList<>(apps.runningOf(app.packageName()));
        running.sort(Comparator.comparing(AppSession::startedAt).thenComparing(AppSession::sessionId));
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (AppSession session : running) {
            sessions.add(session(session));
        }
        view.put("sessions", sessions);
        return view;
    }

    /** One app in one session. */
    public static Map<String, Object> session(AppSession app) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sessionId", app.sessionId());
        view.put("userId", app.session().userId());
        view.put("deviceId", app.session().deviceId());
        view.put("packageName", app.packageName());
        view.put("state", app.state().name());
        view.put("stateSince", app.stateSince().toString());
        view.put("startedAt", app.startedAt().toString());
        view.put("subscriptions", new ArrayList<>(app.subscriptions()));
        view.put("pendingMessages", app.pendingCount());
        AppLine line = app.currentLine();
        if (line == null) {
            view.put("line", null);
        } else {
            Map<String, Object> lineView = new LinkedHashMap<>();
            lineView.put("id", line.id());
            lineView.put("lastSeen", line.lastSeen() == null ? null : line.lastSeen().toString());
            view.put("line", lineView);
        }
        return view;
    }
}
