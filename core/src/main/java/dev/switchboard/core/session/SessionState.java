package dev.switchboard.core.session;

/**
 * Where a user session is in its life. {@link #DISCONNECTING} is the resume window: the device line is gone
 * (dropped, or being replaced by a resuming line) and the session waits for it; {@link #DISCONNECTED} is final.
 */
public enum SessionState {
    /** Created, no line bound yet. */
    INITIALIZING,
    /** A device line is bound and being upgraded (first connect or resume); deliveries are buffered. */
    CONNECTING,
    /** The device line is live: deliveries are written as they come. */
    CONNECTED,
    /** No live line: waiting up to the resume grace for the device to come back, deliveries are buffered. */
    DISCONNECTING,
    /** Disposed: out of every registry, nothing more is delivered. Final. */
    DISCONNECTED,
    /** Something went wrong that the session cannot recover from; it is disposed next. */
    ERROR
}
