package dev.switchboard.client.control;

/** The client was closed: calls still in flight at that moment, and every call after it, fail with this. */
public final class ControlClosedException extends ControlException {
    private static final long serialVersionUID = 1L;

    public ControlClosedException(String message) {
        super(message);
    }
}
