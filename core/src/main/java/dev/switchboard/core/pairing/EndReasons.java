package dev.switchboard.core.pairing;

import dev.switchboard.core.hub.CloseReason;

/** The {@code reason}s {@link PairingEvents#ended} is called with (the {@code reason} of a {@code pair_ended} frame). */
public final class EndReasons {

    /** To the line that sent {@code pair_leave} (for a pairing or its own open code). */
    public static final String LEFT = "left";
    /** The peer sent {@code pair_leave}. */
    public static final String PEER_LEFT = "peer_left";
    /** The peer's line was closed for silence (close code 4000). */
    public static final String PEER_TIMEOUT = "peer_timeout";
    /** The peer's device connected again and its old line was closed (4501). */
    public static final String PEER_REPLACED = "peer_replaced";
    /** The peer's line closed for any other reason, including a normal close by the peer itself. */
    public static final String PEER_DISCONNECTED = "peer_disconnected";
    /**
     * To the line's own session after the line dropped: its open code was withdrawn or its pairing ended. Kept
     * (with a {@code seq}) for a device that resumes, which would otherwise think it is still paired.
     */
    public static final String DISCONNECTED = "disconnected";
    /** An operator closed the pairing (HTTP API or control socket). */
    public static final String CLOSED_BY_OPERATOR = "closed_by_operator";
    /** An open code was withdrawn because its line reached its pairing limit by another pairing. */
    public static final String CANCELLED = "cancelled";

    private EndReasons() {
    }

    /** What the peer of a closed line is told, from the line's {@link dev.switchboard.core.hub.Line#closeReason()}. */
    public static String forPeerOf(CloseReason closed) {
        if (closed == null) {
            return PEER_DISCONNECTED;
        }
        if (closed.code() == CloseReason.HEARTBEAT_TIMEOUT.code()) {
            return PEER_TIMEOUT;
        }
        if (closed.code() == CloseReason.REPLACED.code()) {
            return PEER_REPLACED;
        }
        return PEER_DISCONNECTED;
    }
}
