package dev.switchboard.client.control;

/**
 * Base of everything the control client throws. Unchecked: a caller that cares tells the cases apart by
 * subclass ({@link ControlUnavailableException}, {@link ControlConnectionException},
 * {@link ControlTimeoutException}, {@link ControlCallException}, {@link ControlBusyException},
 * {@link ControlClosedException}); a caller that does not prints {@link #getMessage()}, which always says
 * what happened and, where there is one, what to do.
 */
public class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
