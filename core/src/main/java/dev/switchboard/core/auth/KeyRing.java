package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TokenRejectedException.Reason.UNKNOWN_KEY;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the key for a token. A single configured key is used whatever {@code kid} the token carries. In a key set
 * the token's {@code kid} must name a key, unless no key in the set has a kid and there is just one key.
 */
final class KeyRing {

    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

    private final Map<String, VerificationKey> byKid;
    /** The key to use when kids cannot decide; null when the set has several keys. */
    private final VerificationKey onlyKey;
    private final int size;

    private KeyRing(Map<String, VerificationKey> byKid, VerificationKey onlyKey, int size) {
        this.byKid = Map.copyOf(byKid);
        this.onlyKey = onlyKey;
        this.size = size;
    }

    static KeyRing single(VerificationKey key) {
        return new KeyRing(Map.of(), key, 1);
    }

    /**
     * Keys this server cannot use (other key types, encryption keys) are skipped with a warning rather than refused,
     * because published key sets often carry them alongside the signing keys.
     */
    static KeyRing of(JWKSet set) {
        Map<String, VerificationKey> byKid = new TreeMap<>();
        List<VerificationKey> usable = new ArrayList<>();
        int withoutKid = 0;
        for (JWK jwk : set.getKeys()) {
            String kid = jwk.getKeyID();
            VerificationKey key;
            try {
                key = VerificationKey.jwk(jwk);
            } catch (IllegalArgumentException e) {
                log.warn("Skipping JWKS key {}: {}", kid == null ? "without kid" : Untrusted.quote(kid), e.getMessage());
                continue;
            }
            if (kid == null) {
                withoutKid++;
            } else if (byKid.putIfAbsent(kid, key) != null) {
                throw new IllegalArgumentException("JWKS holds two keys with kid " + Untrusted.quote(kid)
                        + "; tokens could not say which one signed them");
            }
            usable.add(key);
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("JWKS holds no usable signature verification key (RSA, EC P-256/384/521"
                    + " or oct of at least " + VerificationKey.MIN_SECRET_BYTES + " bytes)");
        }
        if (withoutKid > 0 && usable.size() > 1) {
            log.warn("{} JWKS key(s) have no kid and can never be selected; give every key a kid", withoutKid);
        }
        return new KeyRing(byKid, usable.size() == 1 ? usable.get(0) : null, usable.size());
    }

    VerificationKey select(JWSHeader header) throws TokenRejectedException {
        String kid = header.getKeyID();
        if (kid != null && !byKid.isEmpty()) {
            VerificationKey key = byKid.get(kid);
            if (key == null) {
                throw new TokenRejectedException(UNKNOWN_KEY,
                        "no key with kid " + Untrusted.quote(kid) + " in the key set (known: " + byKid.keySet() + ")");
            }
            return key;
        }
        if (onlyKey != null) {
            return onlyKey;
        }
        throw new TokenRejectedException(UNKNOWN_KEY, (kid == null ? "token has no kid header" : "the key set names none of its keys")
                + ", and the key set holds " + size + " keys, so the signing key is unknown");
    }
}
