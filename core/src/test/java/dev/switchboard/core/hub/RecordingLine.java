package dev.switchboard.core.hub;

import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A line that records what reaches it, for tests where the hub or a door is under test, not the transport.
 * Shared with the server module's tests through core's test jar.
 */
public final class RecordingLine implements Line {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id;
    private final Principal principal;
    private final Executor executor;
    private final Instant connectedAt;
    private final LineStats stats = new LineStats();
    public final List<Message> received = new CopyOnWriteArrayList<>();
    public final AtomicReference<CloseReason> closedWith = new AtomicReference<>();

    /** Delivers on the calling thread. */
    public RecordingLine(String user, String device) {
        this(user, device, Runnable::run);
    }

    public RecordingLine(String user, String device, Executor executor) {
        this("l" + IDS.incrementAndGet(), user, device, Instant.now(), executor);
    }

    public RecordingLine(String id, String user, String device, Instant connectedAt, Executor executor) {
        this.id = id;
        this.principal = Principal.device(user, device, null, null);
        this.connectedAt = connectedAt;
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
