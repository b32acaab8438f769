package dev.switchboard.core.hub;

import java.util.Objects;

/** The hub's own policy knobs, taken from the validated server configuration. */
public record HubSettings(DuplicatePolicy duplicatePolicy, int maxChannelsPerLine) {

    public static final HubSettings DEFAULT = new HubSettings(DuplicatePolicy.REJECT, 64);

    public HubSettings {
        Objects.requireNonNull(duplicatePolicy, "duplicatePolicy");
        if (maxChannelsPerLine < 1) {
            throw new IllegalArgumentException("maxChannelsPerLine must be at least 1, was " + maxChannelsPerLine);
        }
    }
}
