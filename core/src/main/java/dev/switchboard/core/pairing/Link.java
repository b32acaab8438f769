package dev.switchboard.core.pairing;

/**
 * One side of a live pairing, held in that side's {@link LineState}: the code and the peer's line id, plus
 * the peer's own {@code Link}, which a relay checks on the peer's executor.
 *
 * <p>{@link #over} is set on the owning line's executor, just before the line is told the pairing ended (or
 * when the line closes). A relay task runs on the same executor, so a message that would reach the line
 * after its {@code pair_ended} is refused (and reported to the sender) instead, while everything relayed
 * before the end still arrives in order.
 */
final class Link {

    final String code;
    final String peerLineId;
    /** The peer's side; set once, under the service lock, before either side is published. */
    Link peer;
    volatile boolean over;

    Link(String code, String peerLineId) {
        this.code = code;
        this.peerLineId = peerLineId;
    }
}
