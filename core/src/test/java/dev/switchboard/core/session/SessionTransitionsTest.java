package dev.switchboard.core.session;

import static dev.switchboard.core.session.SessionState.CONNECTED;
import static dev.switchboard.core.session.SessionState.CONNECTING;
import static dev.switchboard.core.session.SessionState.DISCONNECTED;
import static dev.switchboard.core.session.SessionState.DISCONNECTING;
import static dev.switchboard.core.session.SessionState.ERROR;
import static dev.switchboard.core.session.SessionState.INITIALIZING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTransitionsTest {

    @Test
    void theLifeOfASessionWithResumes() {
        assertThat(SessionTransitions.allowed(INITIALIZING, CONNECTING)).isTrue();
        assertThat(SessionTransitions.allowed(CONNECTING, CONNECTED)).isTrue();
        assertThat(SessionTransitions.allowed(CONNECTED, DISCONNECTING)).isTrue();
        assertThat(SessionTransitions.allowed(DISCONNECTING, CONNECTING)).as("resume").isTrue();
        assertThat(SessionTransitions.allowed(DISCONNECTING, DISCONNECTED)).as("grace over").isTrue();
    }

    @Test
    void shortcutsAndWayBackFromTheEndAreIllegal() {
        assertThat(SessionTransitions.allowed(INITIALIZING, CONNECTED)).isFalse();
        assertThat(SessionTransitions.allowed(CONNECTED, CONNECTING)).isFalse();
        assertThat(SessionTransitions.allowed(CONNECTED, DISCONNECTED)).as("always through DISCONNECTING").isFalse();
        assertThat(SessionTransitions.allowed(CONNECTED, CONNECTED)).isFalse();
        for (SessionState to : SessionState.values()) {
            assertThat(SessionTransitions.allowed(DISCONNECTED, to)).as("DISCONNECTED -> " + to).isFalse();
        }
        assertThat(SessionTransitions.allowed(ERROR, CONNECTING)).isFalse();
        assertThat(SessionTransitions.allowed(ERROR, DISCONNECTED)).isTrue();
    }
}
