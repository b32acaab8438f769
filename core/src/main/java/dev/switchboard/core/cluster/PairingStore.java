package dev.switchboard.core.cluster;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Pairing codes and pairings, across every node. Holds only {@link PairingRecord}s; every entry is owned:
 * removed when its pairing ends, when a line in it closes, or when an unjoined code expires.
 */
public interface PairingStore {

    /** Stores a new open code; false when the code is already taken by a live entry (the caller retries). */
    boolean create(PairingRecord record);

    /**
     * Atomically turns an open, unexpired code into a pairing with {@code joinerLineId}.
     *
     * @return the paired record, or empty when the code is unknown, already joined or expired at {@code now}
     */
    Optional<PairingRecord> join(String code, String joinerLineId, String joinerNode, Instant now);

    Optional<PairingRecord> get(String code);

    /** Removes the entry; returns what was removed. */
    Optional<PairingRecord> remove(String code);

    /** Removes and returns every open (unjoined) code whose expiry is at or before {@code now}. */
    Collection<PairingRecord> removeExpired(Instant now);

    /** A snapshot of every entry, open codes and pairings. */
    Collection<PairingRecord> all();

    int size();
}
