package dev.switchboard.core.session;

import dev.switchboard.core.hub.Line;

/**
 * A device line as its session sees it. Implemented by the WebSocket door. The session calls
 * {@link #deliverSequenced} and {@link Line#deliver} (for unsequenced binary data) on {@link Line#executor()} only.
 */
public interface DeviceConnection extends Line {

    /** True when the calling thread is this line's executor, so a write can be made in place. */
    boolean inExecutor();

    /**
     * Writes the numbered frame; on the executor only. False when the line could not take it (closing, or over
     * its outbound bound, which the line handles itself).
     */
    boolean deliverSequenced(long seq, SequencedFrame frame);
}
