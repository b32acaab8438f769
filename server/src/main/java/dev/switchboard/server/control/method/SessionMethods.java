package dev.switchboard.server.control.method;

import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.server.api.SessionViews;

/** {@code session.*}: user sessions seen from the control socket, as {@code GET /api/v1/sessions} shows them. */
public final class SessionMethods {

    /** Params of {@code session.list}: both optional filters. */
    public record ListParams(String user, String device) {
    }

    private SessionMethods() {
    }

    public static void register(MethodRegistry methods, SessionRegistry sessions, dev.switchboard.core.hub.Hub hub) {
        methods.register("session.list", ListParams.class, "{user?: string, device?: string}",
                "user sessions: {total, sessions: [{id, userId, deviceId, state, lastSeq, bufferedMessages, "
                        + "bufferedBytes, lineId, disconnectedAt, apps, ...}]}",
                (p, ctx) -> SessionViews.listing(sessions, hub, p == null ? null : p.user(), p == null ? null : p.device()));
    }
}
