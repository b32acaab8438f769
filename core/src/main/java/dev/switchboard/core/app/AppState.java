package dev.switchboard.core.app;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an app stands for one user session. The transitions are the only ones {@link AppService} applies;
 * anything else is a bug, logged and counted, never applied.
 */
public enum AppState {
    /** Started: the session_request webhook is on its way (or being retried). */
    LOADING,
    /** The webhook was accepted; the app has until the connect deadline to open /app-ws and send its init. */
    CONNECTING,
    /** The app's line is up and initialised: streams flow both ways. */
    CONNECTED,
    /** The app's line dropped (or the app is stopping); within the grace it may come back. */
    DISCONNECTED,
    /** The start failed (webhook or deadline); reported to the device, then the app session is removed. */
    ERROR;

    /** Whether moving from this state to {@code next} is legal. */
    public boolean canMoveTo(AppState next) {
        return allowed().contains(next);
    }

    private Set<AppState> allowed() {
        return switch (this) {
            // CONNECTED straight from LOADING: an app may connect before its webhook call has returned.
            case LOADING -> EnumSet.of(CONNECTING, CONNECTED, DISCONNECTED, ERROR);
            case CONNECTING -> EnumSet.of(CONNECTED, DISCONNECTED, ERROR);
            case CONNECTED -> EnumSet.of(DISCONNECTED, ERROR);
            // LOADING again: resurrection (a new webhook) or app.recover.
            case DISCONNECTED -> EnumSet.of(CONNECTED, LOADING, ERROR);
            case ERROR -> EnumSet.noneOf(AppState.class);
        };
    }
}
