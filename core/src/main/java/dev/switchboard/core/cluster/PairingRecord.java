package dev.switchboard.core.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A pairing as stored: plain serialisable values only (never a socket), so the same record can live in
 * memory or in Redis. The live lines are found through the hub by id when a message is relayed.
 *
 * @param code          the pairing code, upper case; also the pairing's id
 * @param creatorLineId the line that created the code
 * @param creatorNode   the node holding the creator's line
 * @param joinerLineId  the line that joined, or null while the code is open
 * @param joinerNode    the node holding the joiner's line, or null while open
 * @param createdAt     when the code was created
 * @param expiresAt     when an unjoined code stops being accepted
 * @param pairedAt      when the join happened, or null while open
 */
public record PairingRecord(String code, String creatorLineId, String creatorNode, String joinerLineId,
                            String joinerNode, Instant createdAt, Instant expiresAt, Instant pairedAt) {

    public PairingRecord {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(creatorLineId, "creatorLineId");
        Objects.requireNonNull(creatorNode, "creatorNode");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public static PairingRecord open(String code, String creatorLineId, String creatorNode, Instant createdAt,
                                     Instant expiresAt) {
        return new PairingRecord(code, creatorLineId, creatorNode, null, null, createdAt, expiresAt, null);
    }

    public boolean isPaired() {
        return joinerLineId != null;
    }

    public PairingRecord joinedBy(String lineId, String node, Instant at) {
        return new PairingRecord(code, creatorLineId, creatorNode, lineId, node, createdAt, expiresAt, at);
    }

    /** The other side's line id, or null when {@code lineId} is not in this pairing or nobody joined yet. */
    public String peerOf(String lineId) {
        if (lineId.equals(creatorLineId)) {
            return joinerLineId;
        }
        return lineId.equals(joinerLineId) ? creatorLineId : null;
    }
}
