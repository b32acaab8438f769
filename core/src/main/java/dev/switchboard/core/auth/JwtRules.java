package dev.switchboard.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link JwtTokenVerifier} checks besides the signature.
 *
 * @param clockSkew how far {@code exp} and {@code nbf} may be off from this host's clock; not negative
 * @param issuer    the required {@code iss}, or null to accept any issuer
 * @param audience  a value {@code aud} must contain, or null to accept any audience
 * @param clock     the time source; tests pass a fixed clock
 */
public record JwtRules(Duration clockSkew, String issuer, String audience, Clock clock) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    /** 30 s skew, issuer and audience not checked, system clock. */
    public static final JwtRules DEFAULT = new JwtRules(DEFAULT_CLOCK_SKEW, null, null, Clock.systemUTC());

    public JwtRules {
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(clock, "clock");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
        }
        // A blank value is almost always an unset environment variable; checking against "" would reject every
        // token, and silently not checking would hide the mistake.
        if (issuer != null && issuer.isBlank()) {
            throw new IllegalArgumentException("issuer must be null (not checked) or non-blank");
        }
        if (audience != null && audience.isBlank()) {
            throw new IllegalArgumentException("audience must be null (not checked) or non-blank");
        }
    }

    public JwtRules withClockSkew(Duration skew) {
        return new JwtRules(skew, issuer, audience, clock);
    }

    public JwtRules withIssuer(String requiredIssuer) {
        return new JwtRules(clockSkew, requiredIssuer, audience, clock);
    }

    public JwtRules withAudience(String requiredAudience) {
        return new JwtRules(clockSkew, issuer, requiredAudience, clock);
    }

    public JwtRules withClock(Clock source) {
        return new JwtRules(clockSkew, issuer, audience, source);
    }
}
