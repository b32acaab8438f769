package dev.switchboard.core.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.Supplier;

/** {@code switchboard.sessions*}: sessions by state, resumes, refusals, illegal transitions, disposals. */
final class SessionMeters {

    private final MeterRegistry registry;
    private final Counter recovered;
    private final Counter notRecovered;
    private final Counter illegal;

    SessionMeters(MeterRegistry registry, Supplier<Collection<UserSession>> sessions) {
        this.registry = registry;
        for (SessionState state : SessionState.values()) {
            Gauge.builder("switchboard.sessions", sessions, all -> count(all.get(), state))
                    .tag("state", state.name())
                    .description("User sessions on this node by state")
                    // Micrometer holds gauge objects weakly; nothing else holds this supplier.
                    .strongReference(true)
                    .register(registry);
        }
        this.recovered = resumeCounter("true");
        this.notRecovered = resumeCounter("false");
        this.illegal = Counter.builder("switchboard.sessions.illegal_transitions")
                .description("Session state transitions refused as illegal (each one is a bug, logged)")
                .register(registry);
    }

    private Counter resumeCounter(String value) {
        return Counter.builder("switchboard.sessions.resumes").tag("recovered", value)
                .description("Sessions resumed; recovered=false when the replay buffer had lost messages")
                .register(registry);
    }

    private static double count(Collection<UserSession> all, SessionState state) {
        int n = 0;
        for (UserSession session : all) {
            if (session.state() == state) {
                n++;
            }
        }
        return n;
    }

    void resumed(boolean wasRecovered) {
        (wasRecovered ? recovered : notRecovered).increment();
    }

    void illegalTransition() {
        illegal.increment();
    }

    void refused(ResumeRefusal refusal) {
        Counter.builder("switchboard.sessions.resume.refused").tag("reason", refusal.code())
                .description("Resume attempts refused before the upgrade")
                .register(registry).increment();
    }

    void disposed(String reason) {
        Counter.builder("switchboard.sessions.disposed").tag("reason", reason)
                .description("Sessions disposed, by why")
                .register(registry).increment();
    }
}
