package dev.switchboard.core.app;

import dev.switchboard.core.session.SessionHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One app running for one user session. State, timers and attempt counters change only under
 * {@link AppService}'s lock; the line, the subscriptions and the pending buffer are also read by the stream
 * path, which takes only this object's monitor (lock order: service, then app session).
 */
public final class AppSession {

    /** A message held while the app is away. */
    private record Pending(byte[] bytes, boolean binary) {
    }

    private final SessionHandle session;
    private final AppRegistration app;
    private final int maxPending;
    private final Instant startedAt;

    // Guarded by the service lock; volatile for listings and the stream path.
    private volatile AppState state = AppState.LOADING;
    private volatile Instant stateSince;
    private volatile boolean removed;
    /** Bumped on every webhook attempt and every state a timer waits on: a stale callback sees a new epoch. */
    int epoch;
    ScheduledFuture<?> timer;
    /** Resurrection attempts since the app was last connected. */
    int resurrections;
    /** True while the app is coming back after a drop (its failure ends in stop, not ERROR). */
    boolean recovering;
    /** Whether a line was ever attached: a later init is a resumption with its subscriptions intact. */
    boolean everConnected;

    // Guarded by this.
    private AppLine line;
    private volatile Set<String> subscriptions = Set.of();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long droppedPending;

    AppSession(SessionHandle session, AppRegistration app, int maxPending, Instant now) {
        this.session = session;
        this.app = app;
        this.maxPending = maxPending;
        this.startedAt = now;
        this.stateSince = now;
    }

    public String sessionId() {
        return session.id();
    }

    public String packageName() {
        return app.packageName();
    }

    public SessionHandle session() {
        return session;
    }

    AppRegistration app() {
        return app;
    }

    public AppState state() {
        return state;
    }

    public Instant stateSince() {
        return stateSince;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Set<String> subscriptions() {
        return subscriptions;
    }

    public boolean removed() {
        return removed;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    public synchronized long droppedPending() {
        return droppedPending;
    }

    void setState(AppState next, Instant now) {
        state = next;
        stateSince = now;
    }

    void markRemoved() {
        removed = true;
    }

    void subscriptions(Set<String> names) {
        subscriptions = names;
    }

    synchronized AppLine line() {
        return line;
    }

    /** The app's line while one is attached (for listings: its id and last-seen time). */
    public AppLine currentLine() {
        return line();
    }

    /** Attaches a line: first the ack, then whatever waited, in order, then live messages. */
    synchronized AppLine attach(AppLine newLine, byte[] ack) {
        AppLine old = line;
        line = newLine;
        newLine.sendText(ack);
        while (!pending.isEmpty()) {
            Pending message = pending.poll();
            if (message.binary()) {
                newLine.sendBinary(message.bytes());
            } else {
                newLine.sendText(message.bytes());
            }
        }
        return old;
    }

    /** Detaches {@code gone} if it is still this app's line. */
    synchronized boolean detach(AppLine gone) {
        if (line != gone || gone == null) {
            return false;
        }
        line = null;
        return true;
    }

    synchronized AppLine detachAll() {
        AppLine old = line;
        line = null;
        pending.clear();
        return old;
    }

    /**
     * Sends to the app when connected, else holds the message (oldest dropped when the buffer is full).
     *
     * @return 1 sent, 0 held, -1 held after dropping the oldest, -2 not taken (removed, or no buffer)
     */
    synchronized int deliver(byte[] bytes, boolean binary) {
        if (removed) {
            return -2;
        }
        if (line != null && state == AppState.CONNECTED) {
            if (binary) {
                line.sendBinary(bytes);
            } else {
                line.sendText(bytes);
            }
            return 1;
        }
        if (maxPending == 0) {
            droppedPending++;
            return -2;
        }
        int outcome = 0;
        if (pending.size() >= maxPending) {
            pending.poll();
            droppedPending++;
            outcome = -1;
        }
        pending.add(new Pending(bytes, binary));
        return outcome;
    }

    @Override
    public String toString() {
        return "app " + app.packageName() + " in session " + session.id();
    }
}
