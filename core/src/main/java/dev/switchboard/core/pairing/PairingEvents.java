package dev.switchboard.core.pairing;

import dev.switchboard.core.hub.Line;
import java.time.Instant;

/**
 * What the pairing service tells lines, as calls the door turns into frames ({@code pair_code},
 * {@code pair_paired}, ...; docs/protocol.md). Each call is made on the receiving line's executor, so
 * frames to one line keep the order the service produced them in.
 */
public interface PairingEvents {

    void codeCreated(Line line, String code, Instant expiresAt);

    /** Sent to both sides; {@code peer} is the other side. */
    void paired(Line line, String code, Line peer);

    /** A JSON {@code payload} relayed from the peer, exactly as the peer sent it (UTF-8 JSON text). */
    void data(Line line, String code, byte[] payloadJson);

    /** A binary frame relayed from the peer, byte for byte. */
    void binary(Line line, String code, byte[] bytes);

    /** The pairing (or the line's open code) is over; {@code reason} is a snake_case word, e.g. peer_left. */
    void ended(Line line, String code, String reason);

    /**
     * The line itself closed while it held {@code code} (an open code or a pairing), so it cannot be told on the
     * line. A door whose lines belong to sessions keeps the notice for the session, so a device that resumes
     * learns the pairing is over from its replay. Called on the closed line's executor; nothing by default.
     */
    default void endedWhileAway(Line line, String code, String reason) {
    }

    /** A request failed; {@code errorCode} is upper snake case, e.g. INVALID_CODE. {@code code} may be null. */
    void error(Line line, String code, String errorCode, String message);
}
