package dev.switchboard.client.control;

/**
 * The client refused a call at once instead of queueing it without bound: every connection already has
 * the maximum number of calls in flight ({@link ControlClientOptions#maxInFlightPerConnection()}).
 * Nothing was sent; retrying later is safe.
 */
public final class ControlBusyException extends ControlException {
    private static final long serialVersionUID = 1L;

    public ControlBusyException(String message) {
        super(message);
    }
}
