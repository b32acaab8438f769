package dev.switchboard.core.cluster;

import java.util.Optional;

/**
 * Which line holds each device, across every node. The one-line-per-device rule is enforced here, so it
 * holds cluster-wide once the store is shared. Entries are owned by their line: the hub releases an entry
 * when its line closes.
 */
public interface PresenceStore {

    /**
     * Claims the device for {@code record.lineId()} if nobody holds it.
     *
     * @return empty when claimed, else the current holder (unchanged)
     */
    Optional<PresenceRecord> claim(PresenceRecord record);

    /**
     * Claims the device whatever holds it now.
     *
     * @return the previous holder, if any, which its node must close
     */
    Optional<PresenceRecord> takeOver(PresenceRecord record);

    /** Releases the device if, and only if, {@code record}'s line still holds it. */
    boolean release(PresenceRecord record);

    Optional<PresenceRecord> holder(String deviceId);

    /** Number of devices held, cluster-wide. */
    int size();
}
