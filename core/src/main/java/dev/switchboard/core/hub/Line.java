package dev.switchboard.core.hub;

import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * A connection as the core sees it. Adapters (the WebSocket server today) implement it; the hub never
 * learns what transport is underneath.
 *
 * <p>Threading: each line has one {@link #executor()} (for Netty, its event loop). {@link #deliver} is
 * only ever called on it, which is what keeps a line's messages in order without locks. The hub's
 * lifecycle calls for a line ({@code open}, {@code subscribe}, {@code unsubscribe}, {@code remove}) are
 * made from that executor too.
 */
public interface Line {

    /** Unique, opaque, never reused within a process. */
    String id();

    Principal principal();

    String remoteAddress();

    Instant connectedAt();

    LineStats stats();

    /** Where deliveries to this line run. Lines sharing an executor are served by one task per publish. */
    Executor executor();

    /**
     * Writes the message to the line. Called on {@link #executor()} only.
     *
     * @return false when the line could not take it (closed, or its outbound buffer is over its bound);
     *     the line counts and explains such drops itself
     */
    boolean deliver(Message message);

    /** Closes the line with the given reason; safe from any thread and idempotent. */
    void close(CloseReason reason);

    /** Why the server closed the line, or null while it is open or when the peer or the network closed it. */
    CloseReason closeReason();

    /**
     * What the hub routes to and subscribes to channels on this line's behalf: the line itself, or the endpoint
     * of the session the line belongs to (which outlives the line, see {@code dev.switchboard.core.session}).
     */
    default Line endpoint() {
        return this;
    }

    /**
     * How long nothing at all (a frame, a pong) has been heard from the peer; null when the transport does not
     * track it. Listings show it as the line's last-seen time.
     */
    default java.time.Duration silence() {
        return null;
    }
}
