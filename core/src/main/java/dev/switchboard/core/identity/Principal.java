package dev.switchboard.core.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is on a line, as established by authentication. Immutable; taken from verified token claims.
 *
 * @param kind          what sort of party this is
 * @param userId        the user the line acts for ({@code sub} or {@code user_id} claim)
 * @param deviceId      the device id ({@code device_id} claim); device ids are global, one line each
 * @param deviceVersion optional client version ({@code device_version} claim), may be null
 * @param expiresAt     when the credential expires, may be null when it does not
 */
public record Principal(Kind kind, String userId, String deviceId, String deviceVersion, Instant expiresAt) {

    /** The kinds of party a line can carry. Later doors (apps, control clients) add theirs here. */
    public enum Kind { DEVICE }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        requireText(userId, "userId");
        requireText(deviceId, "deviceId");
    }

    public static Principal device(String userId, String deviceId, String deviceVersion, Instant expiresAt) {
        return new Principal(Kind.DEVICE, userId, deviceId, deviceVersion, expiresAt);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
