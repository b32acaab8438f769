package dev.switchboard.server.control.method;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.server.api.SessionViews;

/** {@code session.*}: user sessions seen from the control socket, as {@code GET /api/v1/sessions} shows them. */
public final class SessionMethods {

    /** Params of {@code session.list}: both optional filters. */
    public record ListParams(String user, String device) {
    }

    /** Params of {@code session.end}: the session id and an optional reason for the close frame. */
    public record EndParams(String id, String reason) {
        public EndParams {
            if (id == null || id.isBlank()) {
                throw RpcException.invalidParams("field 'id' (a session id) is required");
            }
        }
    }

    private SessionMethods() {
    }

    public static void register(MethodRegistry methods, SessionRegistry sessions, dev.switchboard.core.hub.Hub hub) {
        methods.register("session.list", ListParams.class, "{user?: string, device?: string}",
                "user sessions: {total, sessions: [{id, userId, deviceId, state, lastSeq, bufferedMessages, "
                        + "bufferedBytes, lineId, disconnectedAt, apps, ...}]}",
                (p, ctx) -> SessionViews.listing(sessions, hub, p == null ? null : p.user(), p == null ? null : p.device()));
        methods.register("session.end", EndParams.class, "{id: string, reason?: string}",
                "ends a session now, connected (line closed with 4500) or waiting out its resume grace; its apps "
                        + "stop and its resume token is refused from then on; -32002 when no such session",
                (p, ctx) -> {
                    if (!sessions.endByOperator(p.id(), CloseReason.DISCONNECTED.withText(p.reason()))) {
                        throw RpcException.notFound("no session " + p.id());
                    }
                    return java.util.Map.of("ended", true);
                });
    }
}
