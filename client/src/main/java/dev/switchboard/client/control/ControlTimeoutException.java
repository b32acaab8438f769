package dev.switchboard.client.control;

/**
 * A call got no answer within its timeout, or no connection became available within the acquire timeout.
 * A timed-out call's id is forgotten: an answer that arrives later is dropped, never handed to another
 * call. The call may still have been carried out by the daemon.
 */
public final class ControlTimeoutException extends ControlException {
    private static final long serialVersionUID = 1L;

    public ControlTimeoutException(String message) {
        super(message);
    }
}
