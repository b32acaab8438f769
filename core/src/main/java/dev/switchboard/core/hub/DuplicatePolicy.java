package dev.switchboard.core.hub;

/** What happens when a device that already holds a line connects again. */
public enum DuplicatePolicy {
    /** The new connection is refused (HTTP 409 before the upgrade); the old line carries on. */
    REJECT,
    /** The new connection wins; the old line is closed with {@link CloseReason#REPLACED}. */
    REPLACE
}
