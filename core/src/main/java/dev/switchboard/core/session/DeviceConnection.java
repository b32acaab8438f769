package dev.switchboard.core.session;

import dev.switchboard.core.hub.Line;

/**
 * A device line as its session sees it. Implemented by the WebSocket door. The session writes through
 * {@link Line#deliver} (a {@code FRAME} message for a sequenced frame), always on {@link Line#executor()}.
 */
public interface DeviceConnection extends Line {

    /** True when the calling thread is this line's executor, so a write can be made in place. */
    boolean inExecutor();
}
