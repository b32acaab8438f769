package dev.switchboard.client.control;

/**
 * A connection to the daemon failed: it was lost while calls were in flight (EOF, EPIPE, ECONNRESET),
 * the daemon broke the protocol, or a socket exists but could not be connected to for a reason other than
 * "nobody there" (for example permission denied). Calls in flight on a lost connection fail with this at
 * once; the pool reconnects in the background, so the next call may well succeed.
 */
public final class ControlConnectionException extends ControlException {
    private static final long serialVersionUID = 1L;

    public ControlConnectionException(String message) {
        super(message);
    }

    public ControlConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
