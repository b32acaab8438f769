package dev.switchboard.server.config;

/**
 * What the gateway does when a device connects while a line for the same device id is already open.
 * Written {@code reject} or {@code replace} (any case) in YAML and the environment.
 */
public enum DuplicatePolicy {
    /** Refuse the newcomer with HTTP 409 before the upgrade; the existing line keeps running. */
    REJECT,
    /** Close the existing line and let the newcomer take its place (the device reconnected). */
    REPLACE
}
