package dev.switchboard.core.session;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal moves between {@link SessionState}s. Anything else is a bug in the caller: {@link UserSession}
 * refuses it, logs it with the session id and counts it, rather than silently applying it.
 */
public final class SessionTransitions {

    private static final Map<SessionState, Set<SessionState>> ALLOWED = new EnumMap<>(SessionState.class);

    static {
        ALLOWED.put(SessionState.INITIALIZING,
                EnumSet.of(SessionState.CONNECTING, SessionState.DISCONNECTING, SessionState.ERROR));
        ALLOWED.put(SessionState.CONNECTING,
                EnumSet.of(SessionState.CONNECTED, SessionState.DISCONNECTING, SessionState.ERROR));
        ALLOWED.put(SessionState.CONNECTED, EnumSet.of(SessionState.DISCONNECTING, SessionState.ERROR));
        // DISCONNECTING → CONNECTING is a resume; → DISCONNECTED the end of the grace (or a close for good).
        ALLOWED.put(SessionState.DISCONNECTING,
                EnumSet.of(SessionState.CONNECTING, SessionState.DISCONNECTED, SessionState.ERROR));
        ALLOWED.put(SessionState.ERROR, EnumSet.of(SessionState.DISCONNECTED));
        ALLOWED.put(SessionState.DISCONNECTED, EnumSet.noneOf(SessionState.class));
    }

    private SessionTransitions() {
    }

    public static boolean allowed(SessionState from, SessionState to) {
        return ALLOWED.get(from).contains(to);
    }
}
