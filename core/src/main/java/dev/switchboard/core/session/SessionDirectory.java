package dev.switchboard.core.session;

import java.util.Optional;
import java.util.function.Consumer;

/** Finds user sessions and tells who cares when one ends. Implemented by the sessions feature. */
public interface SessionDirectory {

    Optional<SessionHandle> find(String sessionId);

    /**
     * Called once per session when it is disposed: its device did not come back within the grace period, or it
     * was closed for good (operator, shutdown, a new connection of the device without resume). Apps stop their work for it here.
     */
    void onSessionDisposed(Consumer<SessionHandle> listener);
}
