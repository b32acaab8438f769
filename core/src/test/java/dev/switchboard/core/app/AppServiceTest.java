package dev.switchboard.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.app.AppService.Accepted;
import dev.switchboard.core.app.AppService.Refused;
import dev.switchboard.core.app.AppService.StartOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppServiceTest {

    private static final String PKG = "com.example.notes";
    private static final String KEY = "notes-key-0123";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final TestSessions sessions = new TestSessions();
    private final ScriptedWebhooks webhooks = new ScriptedWebhooks();
    private final AppRegistry registry = new AppRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AppService apps;

    private AppService service(Duration deadline, Duration grace, int resurrections, int maxPending) {
        registry.register(AppRegistration.create(PKG, KEY, "http://127.0.0.1:1/hook", Instant.now()));
        apps = new AppService(registry, sessions, webhooks, scheduler,
                new AppSettings(deadline, grace, resurrections, maxPending, 4, 8, () -> "ws://gw/app-ws"),
                Clock.systemUTC(), meters);
        return apps;
    }

    private AppService service() {
        return service(Duration.ofSeconds(30), Duration.ofSeconds(30), 1, 10);
    }

    @AfterEach
    void stop() {
        if (apps != null) {
            apps.close();
        }
        scheduler.shutdownNow();
    }

    private static String state(String packageName, String state) {
        return "{\"type\":\"app_state\",\"packageName\":\"" + packageName + "\",\"state\":\"" + state + "\"";
    }

    private AppSession connected(TestSessions.Session session, RecordingAppLine line) {
        apps.start(session, PKG);
        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith(state(PKG, "CONNECTING"))));
        return ((Accepted) apps.connect(line, session.id(), PKG, KEY)).app();
    }

    @Test
    void startSendsOneWebhookAndConnectAttachesTheApp() {
        service();
        TestSessions.Session session = sessions.open("s-1", "user-a:b", "dev-1");

        apps.start(session, PKG);
        apps.start(session, PKG); // while LOADING or CONNECTING: no second webhook

        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith(state(PKG, "CONNECTING"))));
        assertThat(webhooks.count("session_request")).isEqualTo(1);
        assertThat(webhooks.calls.get(0).body()).contains("\"sessionId\":\"s-1\"", "\"userId\":\"user-a:b\"",
                "\"websocketUrl\":\"ws://gw/app-ws\"");

        RecordingAppLine line = new RecordingAppLine("a-1");
        assertThat(apps.connect(line, "s-1", PKG, KEY)).isInstanceOf(Accepted.class);
        assertThat(line.texts.get(0)).startsWith("{\"type\":\"app_connection_ack\",\"sessionId\":\"s-1\"");
        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith(state(PKG, "CONNECTED"))));
        assertThat(apps.appsOf("s-1")).containsExactly(new dev.switchboard.core.session.AppPort.AppSummary(PKG,
                "CONNECTED"));
    }

    @Test
    void wrongKeyUnknownAppAndNotStartedAreRefused() {
        service();
        sessions.open("s-1", "u", "d");
        RecordingAppLine line = new RecordingAppLine("a-1");

        assertThat(((Refused) apps.connect(line, "s-1", PKG, "wrong-key-123")).code())
                .isEqualTo(AppService.INVALID_API_KEY);
        assertThat(((Refused) apps.connect(line, "s-1", "com.other", KEY)).code()).isEqualTo(AppService.UNKNOWN_APP);
        assertThat(((Refused) apps.connect(line, "s-1", PKG, KEY)).code()).isEqualTo(AppService.APP_NOT_STARTED);
        assertThat(line.texts).isEmpty();
    }

    @Test
    void webhookFailureEndsInErrorAndLeavesNothing() {
        service();
        webhooks.failing = true;
        TestSessions.Session session = sessions.open("s-1", "u", "d");

        assertThat(apps.startApp("s-1", PKG)).isEqualTo(StartOutcome.STARTED);

        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith(state(PKG, "ERROR"))));
        assertThat(session.frames.get(session.frames.size() - 1)).contains("\"reason\":\"webhook_failed\"");
        assertThat(apps.appSessionCount()).isZero();
        assertThat(apps.sessionCount()).isZero();
    }

    @Test
    void missedConnectDeadlineEndsInErrorWithAStopRequest() {
        service(Duration.ofMillis(100), Duration.ofSeconds(30), 1, 10);
        TestSessions.Session session = sessions.open("s-1", "u", "d");

        apps.start(session, PKG);

        await().until(() -> session.frames.stream().anyMatch(f -> f.contains("\"reason\":\"connect_timeout\"")));
        await().until(() -> webhooks.count("stop_request") == 1);
        assertThat(apps.appSessionCount()).isZero();
    }

    @Test
    void streamsGoOnlyToSubscribersWildcardIncluded() {
        service();
        registry.register(AppRegistration.create("com.example.all", KEY, "http://127.0.0.1:1/hook", Instant.now()));
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        TestSessions.Session other = sessions.open("s-2", "u2", "d2");
        RecordingAppLine notes = new RecordingAppLine("notes");
        AppSession notesApp = connected(session, notes);
        apps.start(session, "com.example.all");
        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith(state("com.example.all", "CONNECTING"))));
        RecordingAppLine all = new RecordingAppLine("all");
        AppSession allApp = ((Accepted) apps.connect(all, "s-1", "com.example.all", KEY)).app();
        RecordingAppLine otherLine = new RecordingAppLine("other");
        AppSession otherApp = connected(other, otherLine);

        apps.subscribe(notesApp, notes, List.of("location"));
        apps.subscribe(allApp, all, List.of("*"));
        apps.subscribe(otherApp, otherLine, List.of("location", "audio"));

        apps.stream(session, "location", "{\"lat\":1}".getBytes(StandardCharsets.UTF_8));
        apps.stream(session, "transcription:en-US", "\"hi\"".getBytes(StandardCharsets.UTF_8));
        apps.audio(session, new byte[] {1, 2, 3});

        assertThat(notes.texts).containsExactly(notes.texts.get(0),
                "{\"type\":\"data_stream\",\"sessionId\":\"s-1\",\"stream\":\"location\",\"data\":{\"lat\":1}}");
        assertThat(all.texts).hasSize(3);
        assertThat(all.texts.get(2)).contains("\"stream\":\"transcription:en-US\",\"data\":\"hi\"");
        assertThat(all.binaries).hasSize(1);
        assertThat(notes.binaries).isEmpty();
        assertThat(otherLine.texts).hasSize(1); // only its ack: the other session's streams are not its own
        assertThat(otherLine.binaries).isEmpty();
    }

    @Test
    void badSubscriptionsAreRefused() {
        service();
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        RecordingAppLine line = new RecordingAppLine("a");
        AppSession app = connected(session, line);

        assertThatThrownBy(() -> apps.subscribe(app, line, List.of("Location!"))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("Location!");
        assertThatThrownBy(() -> apps.subscribe(app, line, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")))
                .hasMessageContaining("at most 8");
        assertThatThrownBy(() -> apps.subscribe(app, new RecordingAppLine("stale"), List.of("location")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDroppedAppComesBackWithinGraceWithSubscriptionsAndHeldMessages() {
        service(Duration.ofSeconds(30), Duration.ofSeconds(30), 1, 2);
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        RecordingAppLine first = new RecordingAppLine("first");
        AppSession app = connected(session, first);
        apps.subscribe(app, first, List.of("location"));

        apps.lineClosed(app, first);
        for (int i = 1; i <= 3; i++) {
            apps.stream(session, "location", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
        }
        RecordingAppLine second = new RecordingAppLine("second");
        Accepted back = (Accepted) apps.connect(second, "s-1", PKG, KEY);

        assertThat(back.resumed()).isTrue();
        assertThat(second.texts.get(0)).contains("\"subscriptions\":[\"location\"],\"resumed\":true");
        // The buffer holds two: the oldest went first.
        assertThat(second.texts.subList(1, 3)).allMatch(t -> t.startsWith("{\"type\":\"data_stream\""))
                .satisfiesExactly(t -> assertThat(t).endsWith("\"data\":2}"), t -> assertThat(t).endsWith("\"data\":3}"));
        assertThat(webhooks.count("session_request")).isEqualTo(1);
        assertThat(app.droppedPending()).isEqualTo(1);
    }

    @Test
    void anAppThatDoesNotComeBackIsResurrectedThenStopped() {
        service(Duration.ofMillis(500), Duration.ofMillis(100), 2, 10);
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        RecordingAppLine line = new RecordingAppLine("a");
        AppSession app = connected(session, line);

        apps.lineClosed(app, line);

        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith("{\"type\":\"app_stopped\"")));
        assertThat(session.frames.get(session.frames.size() - 1)).isEqualTo(
                "{\"type\":\"app_stopped\",\"packageName\":\"" + PKG + "\",\"reason\":\"resurrection_failed\"}");
        assertThat(webhooks.count("session_request")).isEqualTo(3); // the start and two resurrections
        assertThat(meters.counter("switchboard.apps.resurrections").count()).isEqualTo(2);
        assertThat(apps.appSessionCount()).isZero();
    }

    @Test
    void aResurrectedAppThatConnectsIsBack() {
        service(Duration.ofSeconds(30), Duration.ofMillis(50), 1, 10);
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        RecordingAppLine line = new RecordingAppLine("a");
        AppSession app = connected(session, line);
        apps.subscribe(app, line, List.of("location"));
        apps.lineClosed(app, line);

        await().until(() -> webhooks.count("session_request") == 2);
        await().until(() -> app.state() == AppState.CONNECTING);
        RecordingAppLine again = new RecordingAppLine("again");
        assertThat(apps.connect(again, "s-1", PKG, KEY)).isInstanceOf(Accepted.class);
        assertThat(app.state()).isEqualTo(AppState.CONNECTED);
        assertThat(app.subscriptions()).containsExactly("location");
    }

    @Test
    void stopClosesTheLineSendsAStopRequestAndTellsTheDevice() {
        service();
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        RecordingAppLine line = new RecordingAppLine("a");
        AppSession app = connected(session, line);

        apps.stop(session, PKG);
        apps.stop(session, PKG);

        await().until(() -> session.frames.stream().anyMatch(f -> f.contains("app_not_running")));
        assertThat(session.frames).contains("{\"type\":\"app_stopped\",\"packageName\":\"" + PKG
                + "\",\"reason\":\"stopped\"}");
        await().until(() -> line.closeCode == 1000);
        await().until(() -> webhooks.count("stop_request") == 1);
        assertThat(app.removed()).isTrue();
        // A late close of the stopped line changes nothing.
        apps.lineClosed(app, line);
        assertThat(apps.appSessionCount()).isZero();
    }

    @Test
    void disposingASessionStopsItsApps() {
        service();
        TestSessions.Session session = sessions.open("s-1", "u", "d");
        RecordingAppLine line = new RecordingAppLine("a");
        connected(session, line);

        sessions.dispose(session);

        await().until(() -> line.closeCode == 1000);
        assertThat(apps.sessionCount()).isZero();
        assertThat(apps.appsOf("s-1")).isEmpty();
        assertThat(apps.startApp("s-1", PKG)).isEqualTo(StartOutcome.NO_SESSION);
    }

    @Test
    void recoverResendsSessionRequestsWhereTheAppShouldRun() {
        service();
        TestSessions.Session one = sessions.open("s-1", "u", "d");
        TestSessions.Session two = sessions.open("s-2", "u", "d2");
        connected(one, new RecordingAppLine("a"));
        connected(two, new RecordingAppLine("b"));

        assertThat(apps.recover(PKG)).isEqualTo(2);
        await().until(() -> webhooks.count("session_request") == 4);
        assertThat(apps.recover("com.none")).isZero();
    }

    @Test
    void idsWithDashesAndColonsAreNeverSplit() {
        service();
        registry.register(AppRegistration.create("com.a-b", KEY, "http://127.0.0.1:1/hook", Instant.now()));
        TestSessions.Session session = sessions.open("user-1:x-2", "user-1:x", "dev-2");
        apps.start(session, "com.a-b");
        await().until(() -> session.frames.stream().anyMatch(f -> f.startsWith(state("com.a-b", "CONNECTING"))));

        assertThat(apps.connect(new RecordingAppLine("l"), "user-1:x-2", "com.a-b", KEY)).isInstanceOf(Accepted.class);
        assertThat(apps.connect(new RecordingAppLine("l"), "user-1", "x-2-com.a-b", KEY)).isInstanceOf(Refused.class);
    }
}
