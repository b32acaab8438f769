package dev.switchboard.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One key and the algorithms it may verify. The algorithm set comes from the key, never from the token: that is what
 * defeats {@code alg} substitution (an RSA public key is never used as an HMAC secret).
 */
record VerificationKey(Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {

    static final int MIN_SECRET_BYTES = 32;
    static final int MIN_RSA_BITS = 2048;

    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);
    private static final Map<Curve, JWSAlgorithm> EC_ALGORITHMS =
            Map.of(Curve.P_256, JWSAlgorithm.ES256, Curve.P_384, JWSAlgorithm.ES384, Curve.P_521, JWSAlgorithm.ES512);

    VerificationKey {
        algorithms = Set.copyOf(algorithms);
    }

    /** Shared with {@link TokenMinter} so minting and verifying refuse the same secrets with the same words. */
    static void requireSecretLength(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("HMAC secret must be at least " + MIN_SECRET_BYTES + " bytes (256 bits), got "
                    + (secret == null ? "none" : secret.length + " bytes"));
        }
    }

    static VerificationKey secret(byte[] secret) {
        requireSecretLength(secret);
        // RFC 7518 3.2: HS384/HS512 need a key at least as long as their hash, so a 32-byte secret allows only HS256.
        Set<JWSAlgorithm> algorithms = MACSigner.getCompatibleAlgorithms(secret.length * 8);
        try {
            return new VerificationKey(algorithms, new MACVerifier(secret.clone()));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HMAC secret not usable: " + e.getMessage(), e);
        }
    }

    static VerificationKey publicKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA key must be at least " + MIN_RSA_BITS + " bits, got " + bits);
            }
            return new VerificationKey(RSA_ALGORITHMS, new RSASSAVerifier(rsa));
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            JWSAlgorithm algorithm = curve == null ? null : EC_ALGORITHMS.get(curve);
            if (algorithm == null) {
                throw new IllegalArgumentException("EC key on curve " + (curve == null ? "(unknown)" : curve.getName())
                        + " is not supported; use P-256, P-384 or P-521");
            }
            try {
                return new VerificationKey(Set.of(algorithm), new ECDSAVerifier(ec));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("EC key not usable: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("unsupported public key type "
                + (key == null ? "null" : key.getAlgorithm()) + "; use an RSA or EC key");
    }

    static VerificationKey jwk(JWK jwk) {
        if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("it is an encryption key (use: enc)");
        }
        VerificationKey key;
        try {
            KeyType type = jwk.getKeyType();
            if (KeyType.RSA.equals(type)) {
                key = publicKey(jwk.toRSAKey().toRSAPublicKey());
            } else if (KeyType.EC.equals(type)) {
                key = publicKey(jwk.toECKey().toECPublicKey());
            } else if (KeyType.OCT.equals(type)) {
                key = secret(jwk.toOctetSequenceKey().toByteArray());
            } else {
                throw new IllegalArgumentException("key type " + type + " is not supported; use RSA, EC or oct");
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("key not usable: " + e.getMessage(), e);
        }
        return key.restrictedTo(jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName()));
    }

    /** The allowed algorithm names in a stable order, for messages. */
    String algorithmNames() {
        return algorithms.stream().map(JWSAlgorithm::getName).sorted().collect(Collectors.joining(", "));
    }

    /** Honours a JWK's own {@code alg}, which pins the key to one algorithm (RFC 7517 4.4). */
    private VerificationKey restrictedTo(JWSAlgorithm pinned) {
        if (pinned == null) {
            return this;
        }
        if (!algorithms.contains(pinned)) {
            throw new IllegalArgumentException("its alg " + pinned + " does not fit the key; it allows " + algorithmNames());
        }
        return new VerificationKey(Set.of(pinned), verifier);
    }
}
