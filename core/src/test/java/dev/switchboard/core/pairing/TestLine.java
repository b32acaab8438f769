package dev.switchboard.core.pairing;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.hub.LineStats;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A line for pairing tests: its own device, a given executor (direct by default), a settable close reason. */
final class TestLine implements Line {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "p" + IDS.incrementAndGet();
    private final Principal principal = Principal.device("user-" + id, "device-" + id, null, null);
    private final Executor executor;
    private final String remoteAddress;
    private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();
    /** Runs once, the next time someone asks for the close reason: a seam for interleaving tests. */
    private final AtomicReference<Runnable> onNextCloseReasonQuery = new AtomicReference<>();

    TestLine() {
        this(Runnable::run, "10.0.0.1");
    }

    TestLine(Executor executor, String remoteAddress) {
        this.executor = executor;
        this.remoteAddress = remoteAddress;
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
        return remoteAddress;
    }

    @Override
    public Instant connectedAt() {
        return Instant.EPOCH;
    }

    @Override
    public LineStats stats() {
        return new LineStats();
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public boolean deliver(Message message) {
        throw new AssertionError("the pairing service talks to lines through PairingEvents only");
    }

    @Override
    public void close(CloseReason reason) {
        closedWith.compareAndSet(null, reason);
    }

    @Override
    public CloseReason closeReason() {
        Runnable hook = onNextCloseReasonQuery.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        return closedWith.get();
    }

    void onNextCloseReasonQuery(Runnable hook) {
        onNextCloseReasonQuery.set(hook);
    }

    @Override
    public String toString() {
        return id;
    }
}
