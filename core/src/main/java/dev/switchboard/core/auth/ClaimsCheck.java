package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TokenRejectedException.Reason.EXPIRED;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.MALFORMED;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.MISSING_CLAIM;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.NOT_YET_VALID;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.WRONG_AUDIENCE;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.WRONG_ISSUER;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.core.identity.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

/** Turns the claims of a token whose signature has been verified into a {@link Principal}, or says why not. */
final class ClaimsCheck {

    static final String USER_ID = "user_id";
    static final String DEVICE_ID = "device_id";
    static final String DEVICE_VERSION = "device_version";

    private final JwtRules rules;

    ClaimsCheck(JwtRules rules) {
        this.rules = rules;
    }

    Principal principal(JWTClaimsSet claims) throws TokenRejectedException {
        Instant expiresAt = checkTime(claims);
        checkIssuer(claims);
        checkAudience(claims);
        String user = optionalString(claims, "sub");
        if (user == null) {
            user = optionalString(claims, USER_ID);
        }
        if (user == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "token names no user: it needs a sub or a user_id claim");
        }
        String device = optionalString(claims, DEVICE_ID);
        if (device == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "token has no device_id claim");
        }
        return Principal.device(user, device, optionalString(claims, DEVICE_VERSION), expiresAt);
    }

    /** Tokens without {@code exp} would be valid forever once leaked, so {@code exp} is required. */
    private Instant checkTime(JWTClaimsSet claims) throws TokenRejectedException {
        // Whole seconds: JWT times have no finer grain, and the instant goes into messages.
        Instant now = rules.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "token has no exp (expiry) claim; tokens must expire");
        }
        Instant expiresAt = exp.toInstant();
        if (!now.isBefore(expiresAt.plus(rules.clockSkew()))) {
            throw new TokenRejectedException(EXPIRED, "token expired at " + expiresAt + " (server time " + now
                    + ", clock skew allowed " + rules.clockSkew().toSeconds() + " s)");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(rules.clockSkew()))) {
            throw new TokenRejectedException(NOT_YET_VALID, "token is not valid before " + nbf.toInstant()
                    + " (server time " + now + ", clock skew allowed " + rules.clockSkew().toSeconds() + " s)");
        }
        return expiresAt;
    }

    private void checkIssuer(JWTClaimsSet claims) throws TokenRejectedException {
        String expected = rules.issuer();
        if (expected == null) {
            return;
        }
        String actual = claims.getIssuer();
        if (actual == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "token has no iss (issuer) claim; expected " + Untrusted.quote(expected));
        }
        if (!expected.equals(actual)) {
            throw new TokenRejectedException(WRONG_ISSUER,
                    "token issuer " + Untrusted.quote(actual) + " is not accepted; expected " + Untrusted.quote(expected));
        }
    }

    private void checkAudience(JWTClaimsSet claims) throws TokenRejectedException {
        String expected = rules.audience();
        if (expected == null) {
            return;
        }
        List<String> actual = claims.getAudience();
        if (actual.isEmpty()) {
            throw new TokenRejectedException(MISSING_CLAIM, "token has no aud (audience) claim; expected " + Untrusted.quote(expected));
        }
        if (!actual.contains(expected)) {
            throw new TokenRejectedException(WRONG_AUDIENCE, "token audience " + Untrusted.quote(String.join(", ", actual))
                    + " does not include " + Untrusted.quote(expected));
        }
    }

    /** Blank counts as absent; a non-string is a malformed token rather than a missing claim. */
    private static String optionalString(JWTClaimsSet claims, String name) throws TokenRejectedException {
        Object value = claims.getClaim(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new TokenRejectedException(MALFORMED, "claim " + name + " must be a string");
        }
        return text.isBlank() ? null : text;
    }
}
