package dev.switchboard.core.session;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.hub.LineStats;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * What the hub routes to for a session: one stable entry per session in the hub's device, user, broadcast and
 * channel indexes, whatever line the device is on at the moment (or none, during the resume grace). So a
 * message published while the device is away reaches the session and waits in its replay buffer, and a resume
 * changes nothing in the hub's routing. Never listed as a line ({@link dev.switchboard.core.hub.Hub#lines()}).
 */
final class SessionEndpoint implements Line {

    private final UserSession session;
    private final Principal principal;
    private final Executor executor;
    /** Nothing is counted on an endpoint (its lines count their traffic): one shared, always-zero instance. */
    private static final LineStats NO_STATS = new LineStats();

    SessionEndpoint(UserSession session, Principal principal, Executor executor) {
        this.session = session;
        this.principal = principal;
        this.executor = executor;
    }

    @Override
    public String id() {
        return session.id();
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String remoteAddress() {
        return "session";
    }

    @Override
    public Instant connectedAt() {
        return session.createdAt();
    }

    @Override
    public LineStats stats() {
        return NO_STATS;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public boolean deliver(Message message) {
        return session.deliver(message);
    }

    @Override
    public void close(CloseReason reason) {
        session.registry().end(session, "closed:" + reason.code());
    }

    @Override
    public CloseReason closeReason() {
        return null;
    }

    @Override
    public String toString() {
        return "SessionEndpoint[" + session.id() + "]";
    }
}
