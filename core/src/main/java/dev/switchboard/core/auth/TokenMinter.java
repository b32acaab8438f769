package dev.switchboard.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;

/**
 * Mints HS256 device tokens, as {@code ./switchboard token --user U --device D --ttl 1h} prints them. The tokens are
 * what {@link JwtTokenVerifier#hmac} with the same secret accepts. Thread-safe.
 */
public final class TokenMinter {

    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MACSigner signer;
    private final Clock clock;

    /** @throws IllegalArgumentException if the secret is shorter than 32 bytes */
    public TokenMinter(byte[] secret, Clock clock) {
        VerificationKey.requireSecretLength(secret);
        try {
            this.signer = new MACSigner(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HMAC secret not usable: " + e.getMessage(), e);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param deviceVersion the client version to put in {@code device_version}, or null to leave it out
     * @param ttl           how long the token is valid; positive
     * @return the compact token
     */
    public String mint(String userId, String deviceId, String deviceVersion, Duration ttl) {
        requireText(userId, "userId");
        requireText(deviceId, "deviceId");
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim(ClaimsCheck.USER_ID, userId)
                .claim(ClaimsCheck.DEVICE_ID, deviceId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(randomId());
        if (deviceVersion != null) {
            claims.claim(ClaimsCheck.DEVICE_VERSION, deviceVersion);
        }
        SignedJWT jwt = new SignedJWT(HEADER, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
