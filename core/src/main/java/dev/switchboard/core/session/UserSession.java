package dev.switchboard.core.session;

import dev.switchboard.core.hub.Message;
import dev.switchboard.core.identity.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's device session: it outlives drops of the device line. Every message delivered to it gets the
 * next {@code seq} and a place in the {@link ReplayBuffer}; while a line is {@link SessionState#CONNECTED}
 * it is also written at once, in {@code seq} order.
 *
 * <p>Threading: every field is guarded by {@code this}. Writes to the line are made on the line's executor:
 * in place when the caller already is on it and nothing of this session is queued there, otherwise as a task
 * submitted while holding the lock, so tasks reach the executor in {@code seq} order. A resume writes its ack
 * and its replay in place under the lock, so whatever is delivered afterwards queues behind them.
 */
public final class UserSession implements SessionHandle {

    private static final Logger log = LoggerFactory.getLogger(UserSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What {@link #connected} tells the door to put in {@code connection_ack}. */
    public record Attached(String sessionId, String resumeToken, boolean resumed, boolean recovered, long lastSeq,
                           int replayed) {
    }

    /** Writes {@code connection_ack} on the line, in place; called under the session lock before any replay. */
    @FunctionalInterface
    public interface AckWriter {
        void write(Attached attached);
    }

    /** What a line's end means for its session. */
    enum Gone { IGNORED, PARKED, ENDED }

    private final String id;
    private final Principal principal;
    private final Instant createdAt;
    private final SessionRegistry registry;
    private final ReplayBuffer buffer;
    private final SessionEndpoint endpoint;

    private SessionState state = SessionState.INITIALIZING;
    private long lastSeq;
    private DeviceConnection connection;
    private boolean everConnected;
    private int pendingTasks;
    private byte[] tokenHash;
    private Instant disconnectedAt;
    private ScheduledFuture<?> graceTimer;
    private long parkGeneration;
    private long resumes;

    UserSession(String id, Principal principal, Instant createdAt, SessionRegistry registry, SessionSettings settings,
                Executor endpointExecutor) {
        this.id = id;
        this.principal = principal;
        this.createdAt = createdAt;
        this.registry = registry;
        this.buffer = new ReplayBuffer(settings.replayMaxMessages(), settings.replayMaxBytes());
        this.endpoint = new SessionEndpoint(this, principal, endpointExecutor);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return principal.userId();
    }

    @Override
    public String deviceId() {
        return principal.deviceId();
    }

    public Instant createdAt() {
        return createdAt;
    }

    SessionRegistry registry() {
        return registry;
    }

    /** The session's entry in the hub's routing indexes. */
    public dev.switchboard.core.hub.Line endpoint() {
        return endpoint;
    }

    @Override
    public synchronized boolean active() {
        return state != SessionState.DISCONNECTED && state != SessionState.ERROR;
    }

    public synchronized SessionState state() {
        return state;
    }

    /** A consistent snapshot for listings. */
    public synchronized SessionView view() {
        return new SessionView(id, principal.userId(), principal.deviceId(), state, lastSeq, buffer.size(),
                buffer.bytes(), buffer.ackedThrough(), connection == null ? null : connection.id(), createdAt,
                disconnectedAt, resumes);
    }

    @Override
    public boolean sendToDevice(byte[] jsonObject) {
        return sequence(SequencedFrame.typed(jsonObject));
    }

    /** A message the hub routed to this session (through its endpoint). */
    boolean deliver(Message message) {
        if (message.kind() == Message.Kind.JSON) {
            return sequence(SequencedFrame.message(message.body()));
        }
        // Binary data and verbatim frames are outside the sequence: written only to a live line, never replayed.
        synchronized (this) {
            if (state != SessionState.CONNECTED) {
                return false;
            }
            write(connection, message);
            return true;
        }
    }

    private synchronized boolean sequence(SequencedFrame frame) {
        if (!active()) {
            return false;
        }
        long seq = ++lastSeq;
        buffer.append(seq, frame);
        if (state == SessionState.CONNECTED) {
            DeviceConnection line = connection;
            if (pendingTasks == 0 && line.inExecutor()) {
                line.deliverSequenced(seq, frame);
            } else {
                write(line, () -> line.deliverSequenced(seq, frame));
            }
        }
        return true;
    }

    private void write(DeviceConnection line, Message message) {
        write(line, () -> line.deliver(message));
    }

    /** Under the lock: in place when that keeps the order, else queued on the line's executor. */
    private void write(DeviceConnection line, Runnable send) {
        if (pendingTasks == 0 && line.inExecutor()) {
            send.run();
            return;
        }
        pendingTasks++;
        try {
            line.executor().execute(() -> {
                synchronized (this) {
                    pendingTasks--;
                }
                send.run();
            });
        } catch (RejectedExecutionException shuttingDown) {
            pendingTasks--;
        }
    }

    /** The device acknowledged everything up to {@code seq}; false when {@code seq} is beyond the last one sent. */
    public synchronized boolean ack(long seq) {
        if (seq < 0 || seq > lastSeq) {
            return false;
        }
        buffer.ackThrough(seq);
        return true;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Binds the first line of a new session. */
    synchronized void bindFirst(DeviceConnection line) {
        connection = line;
        transition(SessionState.CONNECTING);
    }

    /**
     * Claims the session for a resuming line: the token must be the current one (compared in constant time) and
     * the connecting user and device must be the session's. A line still bound (the device came back before the
     * old socket was noticed dead) is unbound here; the door closes it.
     *
     * @return null when claimed, else why not
     */
    synchronized ResumeRefusal claim(String secret, Principal who, long fromSeq, DeviceConnection line) {
        if (!active() || tokenHash == null || !MessageDigest.isEqual(tokenHash, hash(secret))) {
            return ResumeRefusal.UNKNOWN;
        }
        if (!principal.userId().equals(who.userId()) || !principal.deviceId().equals(who.deviceId())) {
            return ResumeRefusal.FORBIDDEN;
        }
        if (fromSeq > lastSeq) {
            return ResumeRefusal.AHEAD;
        }
        if (state == SessionState.CONNECTING) {
            return ResumeRefusal.BUSY;
        }
        if (state == SessionState.CONNECTED && !transition(SessionState.DISCONNECTING)) {
            return ResumeRefusal.BUSY;
        }
        if (!transition(SessionState.CONNECTING)) {
            return ResumeRefusal.BUSY;
        }
        cancelGrace();
        connection = line;
        return null;
    }

    /**
     * The bound line is upgraded: issues a fresh resume token (the old one stops working), writes the ack through
     * {@code ack}, then every held frame after {@code fromSeq}, all in place on the line's executor, then goes
     * live. False (and nothing written) when the line is no longer the session's.
     */
    public synchronized boolean connected(DeviceConnection line, long fromSeq, boolean resumed, AckWriter ack) {
        if (connection != line || !line.inExecutor()) {
            return false;
        }
        if (!transition(SessionState.CONNECTED)) {
            return false;
        }
        everConnected = true;
        boolean recovered = !resumed || buffer.holdsEverythingAfter(fromSeq);
        List<ReplayBuffer.Entry> replay = buffer.after(fromSeq);
        String token = issueToken();
        disconnectedAt = null;
        if (resumed) {
            resumes++;
            registry.meters().resumed(recovered);
        }
        try {
            ack.write(new Attached(id, token, resumed, recovered, lastSeq, replay.size()));
            for (ReplayBuffer.Entry entry : replay) {
                line.deliverSequenced(entry.seq(), entry.frame());
            }
        } catch (RuntimeException e) {
            // The device cannot have a consistent view now; the caller ends the session (ERROR → DISCONNECTED).
            log.warn("[{}] going live on line {} failed", id, line.id(), e);
            transition(SessionState.ERROR);
            connection = null;
            return false;
        }
        if (resumed) {
            log.info("[{}] resumed on line {} from seq {}: {} replayed, recovered={}", id, line.id(), fromSeq,
                    replay.size(), recovered);
        }
        return true;
    }

    /** The line went: keep the session for the grace ({@code keep}), or end it. */
    synchronized Gone lineGone(DeviceConnection line, boolean keep) {
        if (connection != line || !active()) {
            return Gone.IGNORED;
        }
        connection = null;
        if (!keep || !everConnected) {
            return Gone.ENDED;
        }
        if (!transition(SessionState.DISCONNECTING)) {
            return Gone.ENDED;
        }
        disconnectedAt = Instant.now();
        return Gone.PARKED;
    }

    synchronized long park(ScheduledFuture<?> timer) {
        cancelGrace();
        graceTimer = timer;
        return parkGeneration;
    }

    synchronized long nextParkGeneration() {
        return ++parkGeneration;
    }

    /** True when the grace started as {@code generation} ran out with the device still away. */
    synchronized boolean graceExpired(long generation) {
        return generation == parkGeneration && state == SessionState.DISCONNECTING && connection == null;
    }

    /** Moves to {@link SessionState#DISCONNECTED} and lets go of everything; false when already there. */
    synchronized boolean dispose() {
        if (state == SessionState.DISCONNECTED) {
            return false;
        }
        if (state != SessionState.DISCONNECTING && state != SessionState.ERROR) {
            transition(SessionState.DISCONNECTING);
        }
        transition(SessionState.DISCONNECTED);
        if (state != SessionState.DISCONNECTED) {
            // Never reached through a legal path: force it, the session must not outlive its registry entry.
            state = SessionState.DISCONNECTED;
        }
        cancelGrace();
        buffer.clear();
        connection = null;
        tokenHash = null;
        return true;
    }

    /** The line the session is bound to (connecting or connected), or null. */
    public synchronized DeviceConnection connection() {
        return connection;
    }

    /**
     * Checked move to {@code to}: an illegal one is a bug in the caller; it is logged with the session id and
     * counted, and the state stays as it was.
     */
    synchronized boolean transition(SessionState to) {
        if (!SessionTransitions.allowed(state, to)) {
            log.warn("[{}] illegal session transition {} -> {} refused", id, state, to);
            registry.meters().illegalTransition();
            return false;
        }
        log.debug("[{}] {} -> {}", id, state, to);
        state = to;
        return true;
    }

    private void cancelGrace() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    private String issueToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tokenHash = hash(secretText);
        return id + "." + secretText;
    }

    private static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    @Override
    public String toString() {
        return "UserSession[" + id + " user=" + principal.userId() + " device=" + principal.deviceId() + "]";
    }
}
