package dev.switchboard.server.control;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.hub.LineStats;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** A hub line that records what reaches it, delivering on the calling thread. */
public final class TestLine implements Line {

    private final String id;
    private final Principal principal;
    private final Instant connectedAt;
    private final LineStats stats = new LineStats();
    public final List<Message> received = new CopyOnWriteArrayList<>();
    public final AtomicReference<CloseReason> closedWith = new AtomicReference<>();

    public TestLine(String id, String user, String device, Instant connectedAt) {
        this.id = id;
        this.principal = Principal.device(user, device, null, null);
        this.connectedAt = connectedAt;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String remoteAddress() {
        return "test";
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public LineStats stats() {
        return stats;
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public boolean deliver(Message message) {
        received.add(message);
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        closedWith.compareAndSet(null, reason);
    }

    @Override
    public CloseReason closeReason() {
        return closedWith.get();
    }
}
