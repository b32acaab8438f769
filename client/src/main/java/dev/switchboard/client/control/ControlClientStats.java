package dev.switchboard.client.control;

import java.nio.file.Path;

/**
 * A snapshot of a {@link ControlClient}'s pool.
 *
 * @param state              whether calls can go out now
 * @param connections        connections in service (not counting idle ones being closed)
 * @param inFlight           calls sent and not yet answered, timed out or failed
 * @param connectionsOpened  connections opened since the client started (reconnects and growth included)
 * @param lateAnswersDropped answers that arrived for calls that had already timed out (or ids nobody sent)
 */
public record ControlClientStats(Path socketPath, ControlMode mode, State state, int connections, int inFlight,
                                 long connectionsOpened, long lateAnswersDropped) {

    public enum State {
        /** At least one connection is open. */
        UP,
        /** A connection is being opened; calls wait for it up to the acquire timeout. */
        CONNECTING,
        /** The daemon is gone; calls fail at once while the pool retries with backoff. */
        DOWN,
        /** The client was closed. */
        CLOSED
    }
}
