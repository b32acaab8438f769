package dev.switchboard.core.app;

import dev.switchboard.core.session.AppPort;
import dev.switchboard.core.session.SessionDirectory;
import dev.switchboard.core.session.SessionHandle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps feature: starts apps for user sessions by webhook, lets them connect, routes the session's streams
 * to the apps subscribed to them and their display events to the device, and brings back apps that drop.
 *
 * <p>Threads: every change of app state happens under one lock (starts, connects, drops, timers, webhook
 * answers: all rare). Nothing slow or foreign runs under it: what must reach a device, a webhook or a line
 * to close is queued, under the lock, on the single {@code scheduler} thread, so the device sees its
 * {@code app_state}s in the order the states changed and no session lock is ever taken inside ours. The stream
 * path takes no service lock: a snapshot array of the session's apps and each app's own monitor.
 */
public final class AppService implements AppPort, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppService.class);

    /** Refusals of an {@code app_connection_init}, as the {@code app_connection_error} code. */
    public static final String UNKNOWN_APP = "unknown_app";
    public static final String INVALID_API_KEY = "invalid_api_key";
    public static final String APP_NOT_STARTED = "app_not_started";

    /** Reasons in {@code app_stopped} and {@code app_state}. */
    public static final String STOPPED = "stopped";
    public static final String SESSION_ENDED = "session_ended";
    public static final String RESURRECTION_FAILED = "resurrection_failed";
    public static final String APP_DISCONNECTED = "app_disconnected";
    public static final String WEBHOOK_FAILED = "webhook_failed";
    public static final String CONNECT_TIMEOUT = "connect_timeout";

    /** How a start ended. */
    public enum StartOutcome { STARTED, ALREADY_RUNNING, UNKNOWN_APP, NO_SESSION, TOO_MANY_APPS }

    /** How a stop ended. */
    public enum StopOutcome { STOPPED, NOT_RUNNING, NO_SESSION }

    /** What an {@code app_connection_init} got. */
    public sealed interface ConnectResult {
    }

    /** Attached: the ack (and whatever waited) has been sent on the line. */
    public record Accepted(AppSession app, boolean resumed) implements ConnectResult {
    }

    /** Refused with a code for {@code app_connection_error}. */
    public record Refused(String code, String message) implements ConnectResult {
    }

    private final Object lock = new Object();
    /** Guarded by {@code lock}: session id → package → app session. Entries are removed on stop and error. */
    private final Map<String, Map<String, AppSession>> bySession = new HashMap<>();
    /** Copy-on-write snapshot of {@code bySession} for the stream path; written under {@code lock}. */
    private final ConcurrentHashMap<String, AppSession[]> routing = new ConcurrentHashMap<>();
    private final AppRegistry registry;
    private final SessionDirectory sessions;
    private final WebhookSender webhooks;
    private final ScheduledExecutorService scheduler;
    private final AppSettings settings;
    private final Clock clock;
    private final AppMeters meters;
    private final ScheduledFuture<?> sweep;

    /**
     * @param scheduler a single-threaded scheduler owned by the caller: timers and every outbound effect run on
     *                  it, in the order they were decided
     */
    public AppService(AppRegistry registry, SessionDirectory sessions, WebhookSender webhooks,
                      ScheduledExecutorService scheduler, AppSettings settings, Clock clock, MeterRegistry meters) {
        this.registry = registry;
        this.sessions = sessions;
        this.webhooks = webhooks;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
        this.meters = new AppMeters(meters, this::countIn, registry::size);
        sessions.onSessionDisposed(this::sessionDisposed);
        // A safety net under onSessionDisposed: a session that is gone takes its apps with it.
        this.sweep = scheduler.scheduleWithFixedDelay(this::sweepInactive, 5, 5, TimeUnit.SECONDS);
    }

    public AppRegistry registry() {
        return registry;
    }

    // ---- AppPort: what the device door hands over ----

    @Override
    public void start(SessionHandle session, String packageName) {
        StartOutcome outcome = startFor(session, packageName);
        switch (outcome) {
            case UNKNOWN_APP -> session.sendToDevice(AppFrames.error("unknown_app",
                    "no app is registered as " + packageName, packageName));
            case TOO_MANY_APPS -> session.sendToDevice(AppFrames.error("too_many_apps", "at most "
                    + settings.maxAppsPerSession() + " apps run in one session", packageName));
            default -> {
                // STARTED and ALREADY_RUNNING answer with app_state; NO_SESSION has nobody to tell.
            }
        }
    }

    @Override
    public void stop(SessionHandle session, String packageName) {
        if (stopFor(session.id(), packageName, STOPPED) == StopOutcome.NOT_RUNNING) {
            session.sendToDevice(AppFrames.error("app_not_running", packageName + " is not running in this session",
                    packageName));
        }
    }

    @Override
    public void stream(SessionHandle session, String stream, byte[] data) {
        if (!StreamNames.isValid(stream)) {
            session.sendToDevice(AppFrames.error("invalid_stream", "stream names are lower-case kinds like "
                    + "location or transcription:en-US", null));
            return;
        }
        AppSession[] apps = routing.get(session.id());
        if (apps == null) {
            return;
        }
        byte[] frame = null;
        for (AppSession app : apps) {
            if (StreamNames.matches(app.subscriptions(), stream)) {
                if (frame == null) {
                    frame = AppFrames.dataStream(session.id(), stream, data);
                }
                delivered(app.deliver(frame, false));
            }
        }
    }

    @Override
    public void audio(SessionHandle session, byte[] bytes) {
        AppSession[] apps = routing.get(session.id());
        if (apps == null) {
            return;
        }
        for (AppSession app : apps) {
            if (StreamNames.matches(app.subscriptions(), StreamNames.AUDIO)) {
                delivered(app.deliver(bytes, true));
            }
        }
    }

    @Override
    public boolean takesAudio(SessionHandle session) {
        AppSession[] apps = routing.get(session.id());
        if (apps != null) {
            for (AppSession app : apps) {
                if (StreamNames.matches(app.subscriptions(), StreamNames.AUDIO)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void delivered(int outcome) {
        if (outcome >= -1) {
            meters.streamDelivered.increment();
        }
        if (outcome == -1 || outcome == -2) {
            meters.pendingDropped.increment();
        }
    }

    @Override
    public List<AppSummary> appsOf(String sessionId) {
        AppSession[] apps = routing.get(sessionId);
        if (apps == null) {
            return List.of();
        }
        List<AppSummary> out = new ArrayList<>(apps.length);
        for (AppSession app : apps) {
            out.add(new AppSummary(app.packageName(), app.state().name()));
        }
        return out;
    }

    // ---- start and stop, from any door ----

    /** Starts by session id (API, control socket). */
    public StartOutcome startApp(String sessionId, String packageName) {
        Optional<SessionHandle> session = sessions.find(sessionId);
        return session.isEmpty() ? StartOutcome.NO_SESSION : startFor(session.get(), packageName);
    }

    /** Stops by session id (API, control socket); the device is told with {@code app_stopped}. */
    public StopOutcome stopApp(String sessionId, String packageName) {
        return stopFor(sessionId, packageName, STOPPED);
    }

    private StartOutcome startFor(SessionHandle session, String packageName) {
        AppRegistration app = registry.find(packageName).orElse(null);
        if (app == null) {
            return StartOutcome.UNKNOWN_APP;
        }
        synchronized (lock) {
            if (!session.active()) {
                return StartOutcome.NO_SESSION;
            }
            Map<String, AppSession> apps = bySession.get(session.id());
            AppSession existing = apps == null ? null : apps.get(packageName);
            if (existing != null) {
                // No second webhook: the device learns where the first start stands.
                toDevice(existing, AppFrames.appState(packageName, existing.state(), null));
                return StartOutcome.ALREADY_RUNNING;
            }
            if (apps != null && apps.size() >= settings.maxAppsPerSession()) {
                return StartOutcome.TOO_MANY_APPS;
            }
            AppSession started = new AppSession(session, app, settings.maxPendingMessages(), clock.instant());
            bySession.computeIfAbsent(session.id(), id -> new LinkedHashMap<>()).put(packageName, started);
            publish(session.id());
            log.info("starting {} (user {})", started, session.userId());
            toDevice(started, AppFrames.appState(packageName, AppState.LOADING, null));
            sendSessionRequest(started);
            return StartOutcome.STARTED;
        }
    }

    private StopOutcome stopFor(String sessionId, String packageName, String reason) {
        synchronized (lock) {
            Map<String, AppSession> apps = bySession.get(sessionId);
            if (apps == null && sessions.find(sessionId).isEmpty()) {
                return StopOutcome.NO_SESSION;
            }
            AppSession app = apps == null ? null : apps.get(packageName);
            if (app == null) {
                return StopOutcome.NOT_RUNNING;
            }
            stopLocked(app, reason, true);
            return StopOutcome.STOPPED;
        }
    }

    /**
     * App server restart: sends {@code session_request} again for every session where {@code packageName}
     * should be running, except where one is already on its way.
     *
     * @return how many were sent
     */
    public int recover(String packageName) {
        int sent = 0;
        synchronized (lock) {
            for (Map<String, AppSession> apps : bySession.values()) {
                AppSession app = apps.get(packageName);
                if (app == null) {
                    continue;
                }
                switch (app.state()) {
                    case CONNECTING, CONNECTED -> {
                        cancelTimer(app);
                        sendSessionRequest(app);
                        sent++;
                    }
                    case DISCONNECTED -> {
                        cancelTimer(app);
                        app.recovering = true;
                        if (move(app, AppState.LOADING, "recovering")) {
                            sendSessionRequest(app);
                            sent++;
                        }
                    }
                    default -> {
                        // LOADING: its webhook is in flight; ERROR: already being removed.
                    }
                }
            }
        }
        log.info("recover {}: {} session_request(s) sent", packageName, sent);
        return sent;
    }

    // ---- the app's line ----

    /** An {@code app_connection_init} arrived on {@code line}. */
    public ConnectResult connect(AppLine line, String sessionId, String packageName, String apiKey) {
        AppRegistration app = registry.find(packageName).orElse(null);
        if (app == null) {
            AppRegistration.burnKeyCheck(apiKey);
            return refused(UNKNOWN_APP, "no app is registered as " + packageName);
        }
        if (!app.keyMatches(apiKey)) {
            return refused(INVALID_API_KEY, "the API key does not match " + packageName);
        }
        synchronized (lock) {
            Map<String, AppSession> apps = bySession.get(sessionId);
            AppSession target = apps == null ? null : apps.get(packageName);
            if (target == null || target.removed()) {
                return refused(APP_NOT_STARTED, packageName + " was not started for session " + sessionId);
            }
            AppState before = target.state();
            if (before != AppState.CONNECTED && !move(target, AppState.CONNECTED, null)) {
                return refused(APP_NOT_STARTED, packageName + " is " + before + " in session " + sessionId);
            }
            boolean resumed = target.everConnected;
            cancelTimer(target);
            target.epoch++;
            target.recovering = false;
            target.resurrections = 0;
            target.everConnected = true;
            SessionHandle session = target.session();
            AppLine old = target.attach(line, AppFrames.connectionAck(session.id(), session.userId(),
                    session.deviceId(), packageName, target.subscriptions(), resumed));
            if (old != null && old != line) {
                effect(() -> old.close(1000, "replaced by a newer connection of the same app"));
            }
            log.info("{} connected on {}{}", target, line.id(), resumed ? " (resumed)" : "");
            return new Accepted(target, resumed);
        }
    }

    private Refused refused(String code, String message) {
        meters.connectRefused(code);
        return new Refused(code, message);
    }

    /**
     * Replaces the app's subscriptions.
     *
     * @return the subscriptions now in force
     * @throws IllegalArgumentException for a bad name or too many
     * @throws IllegalStateException when {@code line} is no longer the app's line
     */
    public Set<String> subscribe(AppSession app, AppLine line, Collection<String> names) {
        Set<String> valid = StreamNames.subscriptions(names, settings.maxSubscriptions());
        synchronized (lock) {
            if (app.removed() || app.line() != line) {
                throw new IllegalStateException("this line no longer carries " + app);
            }
            app.subscriptions(valid);
        }
        return valid;
    }

    /**
     * Sends a display event from the app to its session's device.
     *
     * @param deviceFrame the complete {@code {"type":"display_event",…}} object
     * @return false when the line is no longer the app's or the session is gone
     */
    public boolean display(AppSession app, AppLine line, byte[] deviceFrame) {
        if (app.removed() || app.line() != line || app.state() != AppState.CONNECTED) {
            return false;
        }
        meters.displayEvents.increment();
        return app.session().sendToDevice(deviceFrame);
    }

    /** The app's line is gone (closed by either side, or silent past the heartbeat). */
    public void lineClosed(AppSession app, AppLine line) {
        synchronized (lock) {
            if (app.removed() || !app.detach(line)) {
                return; // a replaced line, or the app was stopped
            }
            if (app.state() == AppState.CONNECTED && move(app, AppState.DISCONNECTED, APP_DISCONNECTED)) {
                log.info("{} dropped; {} to come back", app, settings.reconnectGrace());
                int epoch = ++app.epoch;
                app.timer = schedule(() -> graceOver(app, epoch), settings.reconnectGrace().toNanos());
            }
        }
    }

    // ---- sessions ----

    private void sessionDisposed(SessionHandle session) {
        synchronized (lock) {
            Map<String, AppSession> apps = bySession.get(session.id());
            if (apps == null) {
                return;
            }
            for (AppSession app : new ArrayList<>(apps.values())) {
                stopLocked(app, SESSION_ENDED, false);
            }
        }
    }

    private void sweepInactive() {
        List<SessionHandle> gone = new ArrayList<>();
        synchronized (lock) {
            for (Map<String, AppSession> apps : bySession.values()) {
                for (AppSession app : apps.values()) {
                    if (!app.session().active()) {
                        gone.add(app.session());
                        break;
                    }
                }
            }
        }
        gone.forEach(this::sessionDisposed);
    }

    // ---- listings ----

    /** Every app session, grouped by session in start order. */
    public List<AppSession> all() {
        List<AppSession> out = new ArrayList<>();
        for (AppSession[] apps : routing.values()) {
            out.addAll(List.of(apps));
        }
        return out;
    }

    public List<AppSession> runningOf(String packageName) {
        List<AppSession> out = new ArrayList<>();
        for (AppSession[] apps : routing.values()) {
            for (AppSession app : apps) {
                if (app.packageName().equals(packageName)) {
                    out.add(app);
                }
            }
        }
        return out;
    }

    /** User sessions with at least one app (0 once every app is stopped: nothing is left behind). */
    public int sessionCount() {
        synchronized (lock) {
            return bySession.size();
        }
    }

    public int appSessionCount() {
        synchronized (lock) {
            int count = 0;
            for (Map<String, AppSession> apps : bySession.values()) {
                count += apps.size();
            }
            return count;
        }
    }

    private int countIn(AppState state) {
        int count = 0;
        for (AppSession[] apps : routing.values()) {
            for (AppSession app : apps) {
                if (app.state() == state) {
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        sweep.cancel(false);
    }

    // ---- under the lock ----

    private void sendSessionRequest(AppSession app) {
        int epoch = ++app.epoch;
        SessionHandle session = app.session();
        byte[] body = AppFrames.sessionRequest(session.id(), session.userId(), app.packageName(), clock.instant(),
                settings.websocketUrl().get());
        String url = app.app().webhookUrl();
        effect(() -> webhooks.post(url, body).whenCompleteAsync((ok, failure) -> webhookAnswered(app, epoch, failure),
                scheduler));
    }

    private void webhookAnswered(AppSession app, int epoch, Throwable failure) {
        synchronized (lock) {
            meters.webhook("session_request", failure == null);
            if (app.removed() || app.epoch != epoch) {
                return;
            }
            if (failure != null) {
                log.warn("session_request webhook for {} failed: {}", app, message(failure));
                if (app.state() == AppState.LOADING || app.state() == AppState.CONNECTING) {
                    fail(app, WEBHOOK_FAILED);
                }
            } else if (app.state() == AppState.LOADING || app.state() == AppState.CONNECTING) {
                if (app.state() == AppState.LOADING) {
                    move(app, AppState.CONNECTING, null);
                }
                app.timer = schedule(() -> deadlinePassed(app, epoch), settings.connectDeadline().toNanos());
            }
        }
    }

    private void deadlinePassed(AppSession app, int epoch) {
        synchronized (lock) {
            if (!app.removed() && app.epoch == epoch && app.state() == AppState.CONNECTING) {
                log.warn("{} did not connect within {}", app, settings.connectDeadline());
                fail(app, CONNECT_TIMEOUT);
            }
        }
    }

    private void graceOver(AppSession app, int epoch) {
        synchronized (lock) {
            if (app.removed() || app.epoch != epoch || app.state() != AppState.DISCONNECTED) {
                return;
            }
            if (settings.resurrectAttempts() > 0) {
                resurrect(app);
            } else {
                stopLocked(app, APP_DISCONNECTED, true);
            }
        }
    }

    /** A start or a comeback failed: a first start ends in ERROR, a comeback tries again or stops. */
    private void fail(AppSession app, String reason) {
        cancelTimer(app);
        if (app.recovering) {
            if (app.resurrections < settings.resurrectAttempts() && move(app, AppState.DISCONNECTED, reason)) {
                resurrect(app);
            } else {
                stopLocked(app, RESURRECTION_FAILED, true);
            }
            return;
        }
        move(app, AppState.ERROR, reason);
        remove(app);
        AppLine line = app.detachAll();
        if (line != null) {
            effect(() -> line.close(1011, reason));
        }
        if (CONNECT_TIMEOUT.equals(reason)) {
            sendStopRequest(app, reason); // the app server accepted the start: let it clean up
        }
    }

    private void resurrect(AppSession app) {
        app.resurrections++;
        app.recovering = true;
        meters.resurrections.increment();
        if (move(app, AppState.LOADING, "resurrecting")) {
            log.info("resurrecting {} (attempt {} of {})", app, app.resurrections, settings.resurrectAttempts());
            sendSessionRequest(app);
        }
    }

    private void stopLocked(AppSession app, String reason, boolean tellDevice) {
        cancelTimer(app);
        app.epoch++;
        if (app.state().canMoveTo(AppState.DISCONNECTED)) {
            app.setState(AppState.DISCONNECTED, clock.instant());
        }
        remove(app);
        AppLine line = app.detachAll();
        if (line != null) {
            effect(() -> line.close(1000, "app stopped: " + reason));
        }
        sendStopRequest(app, reason);
        if (tellDevice) {
            toDevice(app, AppFrames.appStopped(app.packageName(), reason));
        }
        log.info("stopped {}: {}", app, reason);
    }

    private void sendStopRequest(AppSession app, String reason) {
        SessionHandle session = app.session();
        byte[] body = AppFrames.stopRequest(session.id(), session.userId(), app.packageName(), reason,
                clock.instant());
        String url = app.app().webhookUrl();
        effect(() -> webhooks.post(url, body).whenComplete((ok, failure) -> {
            meters.webhook("stop_request", failure == null);
            if (failure != null) {
                log.debug("stop_request webhook for {} failed: {}", app, message(failure));
            }
        }));
    }

    private boolean move(AppSession app, AppState next, String reason) {
        AppState from = app.state();
        if (!from.canMoveTo(next)) {
            meters.illegalTransitions.increment();
            log.error("illegal app state change {} -> {} refused for {} (session {}, package {})", from, next, app,
                    app.sessionId(), app.packageName());
            return false;
        }
        app.setState(next, clock.instant());
        toDevice(app, AppFrames.appState(app.packageName(), next, reason));
        return true;
    }

    private void remove(AppSession app) {
        app.markRemoved();
        Map<String, AppSession> apps = bySession.get(app.sessionId());
        if (apps != null && apps.get(app.packageName()) == app) {
            apps.remove(app.packageName());
            if (apps.isEmpty()) {
                bySession.remove(app.sessionId());
            }
            publish(app.sessionId());
        }
    }

    private void publish(String sessionId) {
        Map<String, AppSession> apps = bySession.get(sessionId);
        if (apps == null || apps.isEmpty()) {
            routing.remove(sessionId);
        } else {
            routing.put(sessionId, apps.values().toArray(new AppSession[0]));
        }
    }

    private static void cancelTimer(AppSession app) {
        if (app.timer != null) {
            app.timer.cancel(false);
            app.timer = null;
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return scheduler.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    private void toDevice(AppSession app, byte[] frame) {
        SessionHandle session = app.session();
        effect(() -> session.sendToDevice(frame));
    }

    private void effect(Runnable task) {
        try {
            scheduler.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("apps: an outbound effect failed", e);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("apps: dropped an effect during shutdown");
        }
    }

    private static String message(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
