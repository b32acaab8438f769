package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TokenRejectedException.Reason.ALGORITHM_NOT_ALLOWED;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.BAD_SIGNATURE;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.MALFORMED;
import static dev.switchboard.core.auth.TokenRejectedException.Reason.MISSING;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.core.identity.Principal;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.Objects;

/**
 * Verifies compact JWS tokens (JWTs) and reads a device {@link Principal} from their claims: user from {@code sub},
 * else {@code user_id}; {@code device_id} required; {@code device_version} optional; {@code exp} required.
 *
 * <p>Only the algorithms of the configured key's family are accepted, chosen from the key and never from the token:
 * {@code alg: none}, encrypted tokens and e.g. an HS256 token against an RSA key are all
 * {@link TokenRejectedException.Reason#ALGORITHM_NOT_ALLOWED}. The checks run in the order header, key, signature,
 * claims, so nothing from the payload is believed before the signature holds.
 *
 * <p>Immutable and thread-safe; everything costly is built once by the factories.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    /** Far above any real token; bounds the work an unauthenticated caller can ask for. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final KeyRing keys;
    private final ClaimsCheck claims;

    private JwtTokenVerifier(KeyRing keys, JwtRules rules) {
        this.keys = keys;
        this.claims = new ClaimsCheck(Objects.requireNonNull(rules, "rules"));
    }

    /**
     * Tokens signed with a shared secret (HS256; HS384 and HS512 too when the secret is at least 48 or 64 bytes).
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static JwtTokenVerifier hmac(byte[] secret, JwtRules rules) {
        return new JwtTokenVerifier(KeyRing.single(VerificationKey.secret(secret)), rules);
    }

    /**
     * Tokens signed with the private half of {@code key}: RS256/384/512 for an RSA key (at least 2048 bits), or the
     * one ES algorithm matching an EC key's curve (P-256 → ES256, P-384 → ES384, P-521 → ES512).
     *
     * @throws IllegalArgumentException for other key types, curves or short RSA keys
     */
    public static JwtTokenVerifier publicKey(PublicKey key, JwtRules rules) {
        return new JwtTokenVerifier(KeyRing.single(VerificationKey.publicKey(key)), rules);
    }

    /**
     * Tokens signed by any key of {@code set}, selected by the token's {@code kid}; each key's type sets its
     * algorithms (and its {@code alg}, when present, pins one). Keys that cannot verify signatures are skipped.
     *
     * @throws IllegalArgumentException if no key is usable or two keys share a kid
     */
    public static JwtTokenVerifier jwks(JWKSet set, JwtRules rules) {
        return new JwtTokenVerifier(KeyRing.of(Objects.requireNonNull(set, "set")), rules);
    }

    @Override
    public Principal verify(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException(MISSING, "no token was given");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(MALFORMED, "token is " + token.length() + " characters long; the limit is " + MAX_TOKEN_CHARS);
        }
        requireJwtAlphabet(token);
        Base64URL[] parts = split(token);
        JWSHeader header = signedHeader(parts);
        VerificationKey key = keys.select(header);
        if (!key.algorithms().contains(header.getAlgorithm())) {
            throw new TokenRejectedException(ALGORITHM_NOT_ALLOWED, "algorithm " + Untrusted.quote(header.getAlgorithm().getName())
                    + " is not allowed for the configured key; allowed: " + key.algorithmNames());
        }
        SignedJWT jwt = signedJwt(parts);
        checkSignature(jwt, key);
        return this.claims.principal(claimsOf(jwt));
    }

    /** Catches tokens mangled on the way (URL-encoded, cut, pasted with spaces) with a message that says so. */
    private static void requireJwtAlphabet(String token) throws TokenRejectedException {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!allowed) {
                throw new TokenRejectedException(MALFORMED, "token has " + Untrusted.quote(String.valueOf(c))
                        + " at position " + i + "; a JWT holds only base64url characters and dots");
            }
        }
    }

    private static Base64URL[] split(String token) throws TokenRejectedException {
        try {
            return JOSEObject.split(token);
        } catch (ParseException e) {
            throw new TokenRejectedException(MALFORMED, "token is not a JWT (expected header.payload.signature)", e);
        }
    }

    /** Classifies from the header alone, so an unsecured or encrypted token gets the precise reason. */
    private static JWSHeader signedHeader(Base64URL[] parts) throws TokenRejectedException {
        Header header;
        try {
            header = Header.parse(parts[0]);
        } catch (ParseException e) {
            throw new TokenRejectedException(MALFORMED, "token header is not valid: " + e.getMessage(), e);
        }
        if (header instanceof PlainHeader) {
            throw new TokenRejectedException(ALGORITHM_NOT_ALLOWED, "unsigned tokens (alg: none) are not accepted");
        }
        if (header instanceof JWEHeader) {
            throw new TokenRejectedException(ALGORITHM_NOT_ALLOWED, "encrypted tokens (JWE) are not accepted; send a signed JWT");
        }
        if (!(header instanceof JWSHeader jws) || parts.length != 3) {
            throw new TokenRejectedException(MALFORMED, "token is not a signed JWT (expected header.payload.signature)");
        }
        if (jws.getCriticalParams() != null && !jws.getCriticalParams().isEmpty()) {
            // RFC 7515 4.1.11 obliges us to reject these; saying so beats a misleading "bad signature".
            throw new TokenRejectedException(MALFORMED, "token marks header parameters "
                    + Untrusted.quote(String.join(", ", jws.getCriticalParams())) + " critical; none are supported");
        }
        return jws;
    }

    private static SignedJWT signedJwt(Base64URL[] parts) throws TokenRejectedException {
        try {
            return new SignedJWT(parts[0], parts[1], parts[2]);
        } catch (ParseException e) {
            throw new TokenRejectedException(MALFORMED, "token is not a valid signed JWT: " + e.getMessage(), e);
        }
    }

    private static void checkSignature(SignedJWT jwt, VerificationKey key) throws TokenRejectedException {
        boolean valid;
        try {
            valid = jwt.verify(key.verifier());
        } catch (JOSEException e) {
            throw new TokenRejectedException(BAD_SIGNATURE, "token signature could not be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new TokenRejectedException(BAD_SIGNATURE, "token signature does not match the configured key");
        }
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) throws TokenRejectedException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(MALFORMED, "token payload is not a valid JWT claims set: " + e.getMessage(), e);
        }
    }
}
