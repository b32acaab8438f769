package dev.switchboard.core.session;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.identity.Principal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user session on this node: creates them with their first line, lets a line resume one, keeps a dropped
 * one for the resume grace and disposes it after. Owns its maps: an entry leaves when its session is disposed,
 * so the registry holds at most one session per device plus those waiting out their grace.
 */
public final class SessionRegistry implements SessionDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final Hub hub;
    private final SessionSettings settings;
    private final Clock clock;
    private final SessionMeters meters;
    private final Map<String, UserSession> byId = new ConcurrentHashMap<>();
    /** The newest session of each device; an older one left waiting out its grace is disposed when replaced. */
    private final Map<String, UserSession> byDevice = new ConcurrentHashMap<>();
    private final List<Consumer<SessionHandle>> disposedListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers;
    private volatile AppPort apps = AppPort.NONE;

    public SessionRegistry(Hub hub, SessionSettings settings, Clock clock, MeterRegistry registry) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = new SessionMeters(registry, byId::values);
        this.timers = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sb-sessions");
            thread.setDaemon(true);
            return thread;
        });
    }

    public SessionSettings settings() {
        return settings;
    }

    SessionMeters meters() {
        return meters;
    }

    /** The apps feature; {@link AppPort#NONE} until one is installed. */
    public AppPort apps() {
        return apps;
    }

    /** Installs the apps feature the device door hands {@code app_*}, {@code stream} and audio to. */
    public void installApps(AppPort port) {
        this.apps = Objects.requireNonNull(port, "port");
    }

    @Override
    public Optional<SessionHandle> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(byId.get(sessionId));
    }

    /** The session itself (not only its handle), for the device door and listings. */
    public Optional<UserSession> session(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(byId.get(sessionId));
    }

    @Override
    public void onSessionDisposed(Consumer<SessionHandle> listener) {
        disposedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public int size() {
        return byId.size();
    }

    /** Snapshots of every session, oldest first. */
    public List<SessionView> list() {
        List<SessionView> views = new ArrayList<>();
        for (UserSession session : byId.values()) {
            views.add(session.view());
        }
        views.sort(Comparator.comparing(SessionView::createdAt).thenComparing(SessionView::id));
        return views;
    }

    /**
     * A new session for a freshly admitted line; its routing entry joins the hub at once, so whatever is
     * published from now on is kept for the device even before its ack is out. An older session of the same
     * device waiting out its grace is disposed: a device that connects without resuming starts over.
     */
    public UserSession create(String sessionId, Principal principal, DeviceConnection line) {
        UserSession session = new UserSession(sessionId, principal, clock.instant(), this, settings, line.executor());
        session.bindFirst(line);
        byId.put(sessionId, session);
        UserSession previous = byDevice.put(principal.deviceId(), session);
        hub.openEndpoint(session.endpoint());
        if (previous != null && previous != session && previous.connection() == null) {
            end(previous, "replaced");
        }
        return session;
    }

    /**
     * Claims the session named by {@code resumeToken} for {@code line}.
     *
     * @throws ResumeRefusedException when the token is unknown, rotated or expired, belongs to another user or
     *     device, {@code lastSeq} is ahead of the session, or another line is resuming it
     */
    public UserSession claim(String resumeToken, Principal principal, long lastSeq, DeviceConnection line) {
        int dot = resumeToken == null ? -1 : resumeToken.lastIndexOf('.');
        UserSession session = dot <= 0 ? null : byId.get(resumeToken.substring(0, dot));
        ResumeRefusal refusal = session == null ? ResumeRefusal.UNKNOWN
                : session.claim(resumeToken.substring(dot + 1), principal, lastSeq, line);
        if (refusal != null) {
            meters.refused(refusal);
            log.debug("resume refused for user={} device={}: {}", principal.userId(), principal.deviceId(),
                    refusal.code());
            throw new ResumeRefusedException(refusal);
        }
        byDevice.put(principal.deviceId(), session);
        return session;
    }

    /**
     * The line is gone. {@code keep} is true for an unexpected drop (network, heartbeat, a device close other
     * than 1000, slow consumer): the session waits {@code resumeGrace} for the device; otherwise it ends now.
     */
    public void lineGone(UserSession session, DeviceConnection line, boolean keep) {
        if (session == null) {
            return;
        }
        boolean newest = byDevice.get(session.deviceId()) == session;
        UserSession.Gone gone = session.lineGone(line, keep && newest);
        if (gone == UserSession.Gone.ENDED) {
            end(session, !keep ? "closed" : newest ? "never_connected" : "replaced");
        } else if (gone == UserSession.Gone.PARKED) {
            long generation = session.nextParkGeneration();
            ScheduledFuture<?> timer = timers.schedule(() -> expire(session, generation),
                    settings.resumeGrace().toNanos(), TimeUnit.NANOSECONDS);
            session.park(timer);
            log.info("[{}] device {} away; session kept for {} ms", session.id(), session.deviceId(),
                    settings.resumeGrace().toMillis());
        }
    }

    private void expire(UserSession session, long generation) {
        if (session.graceExpired(generation)) {
            end(session, "grace_expired");
        }
    }

    /**
     * Disposes the session: out of the hub and every map, then the disposal listeners (apps stop there). The
     * line it may still be bound to is the caller's to close.
     */
    public void end(UserSession session, String reason) {
        if (!session.dispose()) {
            return;
        }
        byId.remove(session.id(), session);
        byDevice.remove(session.deviceId(), session);
        hub.remove(session.endpoint());
        meters.disposed(reason);
        log.info("[{}] session of user={} device={} disposed: {}", session.id(), session.userId(),
                session.deviceId(), reason);
        for (Consumer<SessionHandle> listener : disposedListeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                log.warn("[{}] session disposal listener failed", session.id(), e);
            }
        }
    }

    /** Disposes every session (node shutdown) and stops the grace timers. */
    @Override
    public void close() {
        for (UserSession session : List.copyOf(byId.values())) {
            end(session, "shutdown");
        }
        timers.shutdownNow();
    }

    /** Where grace timers run; tests only. */
    Executor timers() {
        return timers;
    }
}
