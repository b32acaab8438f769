package dev.switchboard.core.hub;

import dev.switchboard.core.cluster.PresenceRecord;
import java.util.Optional;

/**
 * The hub's answer to a new line asking for its device, given before the WebSocket upgrade.
 *
 * @param admitted    whether the line may be upgraded
 * @param conflicting the holder that caused a refusal, or the holder that was replaced
 */
public record Admission(boolean admitted, Optional<PresenceRecord> conflicting) {

    static Admission granted(Optional<PresenceRecord> replaced) {
        return new Admission(true, replaced);
    }

    static Admission refused(PresenceRecord holder) {
        return new Admission(false, Optional.of(holder));
    }
}
