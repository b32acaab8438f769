/**
 * The pairing relay: two lines pair with a short code and then talk through the gateway.
 *
 * <p>{@link dev.switchboard.core.pairing.PairingService} is the whole feature behind any door: a line
 * creates a code ({@link dev.switchboard.core.pairing.PairingCodes}: short, no look-alike characters,
 * single-use, expiring), another line joins with it (limited per line and per address by
 * {@link dev.switchboard.core.pairing.JoinRateLimiter}; wrong guesses cannot tell unknown, used and expired
 * codes apart), and from then on JSON payloads and binary frames from either side reach the other unchanged
 * and in order. When a side leaves, drops or an operator closes the pairing, the other side is told at once;
 * data with no one to receive it is answered PEER_GONE, never dropped silently.
 *
 * <p>What the service tells lines goes through {@link dev.switchboard.core.pairing.PairingEvents}, which the
 * door turns into frames; error codes are in {@link dev.switchboard.core.pairing.PairingErrors}, end reasons
 * in {@link dev.switchboard.core.pairing.EndReasons}. Records live in a
 * {@link dev.switchboard.core.cluster.PairingStore}; live lines are found through the hub by id.
 */
package dev.switchboard.core.pairing;
