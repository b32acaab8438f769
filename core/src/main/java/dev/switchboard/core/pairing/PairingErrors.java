package dev.switchboard.core.pairing;

/**
 * The {@code errorCode}s {@link PairingEvents#error} is called with (the {@code code} of a {@code pair_error}
 * frame). Strangers can only ever tell INVALID_CODE; EXPIRED and SELF_JOIN are for a code's own creator.
 */
public final class PairingErrors {

    /** Unknown, already used or expired code, or one whose creator has gone: all look the same. */
    public static final String INVALID_CODE = "INVALID_CODE";
    /** The creator's own code ran out (on a join of it, and from the expiry sweep). */
    public static final String EXPIRED = "EXPIRED";
    /** A line tried to join its own open code. */
    public static final String SELF_JOIN = "SELF_JOIN";
    /** The line is in as many pairings as it may be, or already in the one it tried to join. */
    public static final String ALREADY_PAIRED = "ALREADY_PAIRED";
    /** Too many join attempts from this line or this remote address in the last minute. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** The line holds as many open codes as it may. */
    public static final String TOO_MANY_CODES = "TOO_MANY_CODES";
    /** No free code was found after several tries (the code space is nearly full); try again. */
    public static final String CODES_EXHAUSTED = "CODES_EXHAUSTED";
    /** The line is not in the pairing it named, or in none. */
    public static final String NOT_PAIRED = "NOT_PAIRED";
    /** The peer left or dropped; the message was not delivered. */
    public static final String PEER_GONE = "PEER_GONE";
    /** The line is in several pairings and did not name one (binary frames cannot name one). */
    public static final String AMBIGUOUS_PAIRING = "AMBIGUOUS_PAIRING";

    private PairingErrors() {
    }
}
