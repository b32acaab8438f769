package dev.switchboard.core.hub;

import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A line that records what reaches it; the hub is the thing under test, not the transport. */
final class RecordingLine implements Line {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "l" + IDS.incrementAndGet();
    private final Principal principal;
    private final Executor executor;
    private final Instant connectedAt = Instant.now();
    private final LineStats stats = new LineStats();
    final List<Message> received = new CopyOnWriteArrayList<>();
    final AtomicReference<CloseReason> closedWith = new AtomicReference<>();

    RecordingLine(String user, String device) {
        this(user, device, Runnable::run);
    }

    RecordingLine(String user, String device, Executor executor) {
        this.principal = Principal.device(user, device, null, null);
        this.executor = executor;
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
        return executor;
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
