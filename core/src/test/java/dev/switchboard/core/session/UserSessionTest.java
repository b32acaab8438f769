package dev.switchboard.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.core.hub.LineStats;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import dev.switchboard.core.identity.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserSessionTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Hub hub = new Hub("n1", HubSettings.DEFAULT, new MemoryPresenceStore(), new MemoryBroker(), meters);
    private final SessionRegistry sessions = new SessionRegistry(hub,
            new SessionSettings(Duration.ofMillis(200), 100, 1 << 20), Clock.systemUTC(), meters);
    private final Principal alice = Principal.device("alice", "glasses", null, null);

    @AfterEach
    void close() {
        sessions.close();
        hub.close();
    }

    /** A device line that writes in place and records the frames as text. */
    static final class TestConnection implements DeviceConnection {
        final String id;
        final Principal principal;
        final List<String> written = new CopyOnWriteArrayList<>();

        TestConnection(String id, Principal principal) {
            this.id = id;
            this.principal = principal;
        }

        @Override
        public boolean inExecutor() {
            return true;
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
            return Instant.now();
        }

        @Override
        public LineStats stats() {
            return new LineStats();
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public boolean deliver(Message message) {
            written.add(new String(message.body(), StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public boolean deliverSequenced(long seq, SequencedFrame frame) {
            written.add(new String(frame.render(seq), StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void close(CloseReason reason) {
        }

        @Override
        public CloseReason closeReason() {
            return null;
        }
    }

    private double illegalCount() {
        return meters.get("switchboard.sessions.illegal_transitions").counter().count();
    }

    @Test
    void numbersEveryDeliveryAndTheAppsTypedFramesInOneSequence() {
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        assertThat(session.state()).isEqualTo(SessionState.CONNECTING);
        AtomicReference<UserSession.Attached> ack = new AtomicReference<>();
        assertThat(session.connected(line, 0, false, attached -> {
            ack.set(attached);
            line.written.add("ack");
        })).isTrue();
        assertThat(ack.get().resumeToken()).startsWith("s1.");
        assertThat(session.state()).isEqualTo(SessionState.CONNECTED);

        hub.publish(Target.device("glasses"), Message.json("{\"a\":1}"));
        assertThat(session.sendToDevice("{\"type\":\"app_state\",\"state\":\"LOADING\"}"
                .getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(session.sendToDevice("{ }".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(line.written).containsExactly("ack",
                "{\"type\":\"message\",\"seq\":1,\"data\":{\"a\":1}}",
                "{\"seq\":2,\"type\":\"app_state\",\"state\":\"LOADING\"}",
                "{\"seq\":3}");
    }

    @Test
    void messagesForAConnectingSessionWaitAndFollowTheAck() {
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        hub.publish(Target.user("alice"), Message.json("\"early\""));
        assertThat(line.written).isEmpty();
        session.connected(line, 0, false, attached -> line.written.add("ack"));
        assertThat(line.written).containsExactly("ack", "{\"type\":\"message\",\"seq\":1,\"data\":\"early\"}");
    }

    @Test
    void anIllegalTransitionIsRefusedLoggedAndCounted() {
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        session.connected(line, 0, false, attached -> { });
        assertThat(illegalCount()).isZero();

        assertThat(session.transition(SessionState.CONNECTING)).isFalse();
        assertThat(session.state()).as("never silently applied").isEqualTo(SessionState.CONNECTED);
        assertThat(session.transition(SessionState.INITIALIZING)).isFalse();
        assertThat(illegalCount()).isEqualTo(2.0);

        // Going live twice is the same kind of bug: refused and counted, nothing written.
        int before = line.written.size();
        assertThat(session.connected(line, 0, false, attached -> line.written.add("second ack"))).isFalse();
        assertThat(line.written).hasSize(before);
        assertThat(illegalCount()).isEqualTo(3.0);
    }

    @Test
    void aDroppedLineParksTheSessionUntilTheGraceRunsOutThenEverythingIsReleased() {
        List<SessionHandle> disposed = new CopyOnWriteArrayList<>();
        sessions.onSessionDisposed(disposed::add);
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        session.connected(line, 0, false, attached -> { });
        assertThat(hub.endpointCount()).isEqualTo(1);

        sessions.lineGone(session, line, true);
        assertThat(session.state()).isEqualTo(SessionState.DISCONNECTING);
        assertThat(hub.publish(Target.device("glasses"), Message.json("1"))).as("buffered for the device").isEqualTo(1);
        assertThat(session.view().bufferedMessages()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> disposed.size() == 1);
        assertThat(session.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(sessions.size()).isZero();
        assertThat(hub.endpointCount()).isZero();
        assertThat(hub.publish(Target.device("glasses"), Message.json("2"))).isZero();
        assertThat(session.view().bufferedMessages()).isZero();
        assertThat(illegalCount()).isZero();
    }

    @Test
    void sessionsByStateAreCountedEvenAfterAGarbageCollection() {
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        session.connected(line, 0, false, attached -> { });
        System.gc();
        assertThat(meters.get("switchboard.sessions").tag("state", "CONNECTED").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("switchboard.sessions").tag("state", "DISCONNECTING").gauge().value()).isZero();
    }

    @Test
    void aCloseForGoodEndsTheSessionAtOnce() {
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        session.connected(line, 0, false, attached -> { });
        sessions.lineGone(session, line, false);
        assertThat(session.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(sessions.size()).isZero();
        assertThat(illegalCount()).isZero();
    }

    @Test
    void resumeNeedsTheCurrentTokenOfTheSameUserAndDeviceAndRotatesIt() {
        TestConnection line = new TestConnection("c1", alice);
        UserSession session = sessions.create("s1", alice, line);
        AtomicReference<String> token = new AtomicReference<>();
        session.connected(line, 0, false, attached -> token.set(attached.resumeToken()));
        sessions.lineGone(session, line, true);

        TestConnection bobs = new TestConnection("c2", Principal.device("bob", "glasses", null, null));
        assertRefused(token.get(), bobs, ResumeRefusal.FORBIDDEN);
        assertRefused("s1.wrong", new TestConnection("c3", alice), ResumeRefusal.UNKNOWN);
        assertRefused("nope", new TestConnection("c3", alice), ResumeRefusal.UNKNOWN);

        TestConnection back = new TestConnection("c4", alice);
        assertThat(sessions.claim(token.get(), alice, 0, back)).isSameAs(session);
        assertRefused(token.get(), new TestConnection("c5", alice), ResumeRefusal.BUSY);
        AtomicReference<UserSession.Attached> ack = new AtomicReference<>();
        session.connected(back, 0, true, ack::set);
        assertThat(ack.get().resumed()).isTrue();
        assertThat(ack.get().recovered()).isTrue();
        assertThat(ack.get().resumeToken()).isNotEqualTo(token.get());
        assertRefused(token.get(), new TestConnection("c6", alice), ResumeRefusal.UNKNOWN);
        assertThat(illegalCount()).isZero();
    }

    private void assertRefused(String token, TestConnection line, ResumeRefusal expected) {
        try {
            sessions.claim(token, line.principal(), 0, line);
            throw new AssertionError("expected " + expected);
        } catch (ResumeRefusedException e) {
            assertThat(e.refusal()).isEqualTo(expected);
        }
    }
}
