package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TestTokens.RULES;
import static dev.switchboard.core.auth.TestTokens.deviceClaims;
import static dev.switchboard.core.auth.TestTokens.rejection;
import static dev.switchboard.core.auth.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.switchboard.core.auth.TokenRejectedException.Reason;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtTokenVerifierJwksTest {

    private static KeyPair first;
    private static KeyPair second;
    private static KeyPair ec;

    @BeforeAll
    static void generateKeys() {
        first = TestTokens.rsa(2048);
        second = TestTokens.rsa(2048);
        ec = TestTokens.ec("secp256r1");
    }

    private static RSAKey rsaJwk(KeyPair pair, String kid) {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
    }

    private static String rs256(KeyPair signer, String kid) {
        return sign(new RSASSASigner(signer.getPrivate()), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                deviceClaims().build());
    }

    private final JwtTokenVerifier twoKeys =
            JwtTokenVerifier.jwks(new JWKSet(List.of(rsaJwk(first, "k1"), rsaJwk(second, "k2"))), RULES);

    @Test
    void eachKeyVerifiesTheTokensThatNameIt() throws Exception {
        assertThat(twoKeys.verify(rs256(first, "k1")).userId()).isEqualTo("alice");
        assertThat(twoKeys.verify(rs256(second, "k2")).userId()).isEqualTo("alice");
    }

    /** Proves the kid picks the key: the right signature under the wrong kid must fail. */
    @Test
    void tokenSignedByOneKeyButNamingTheOtherIsRejected() {
        assertThat(rejection(twoKeys, rs256(first, "k2")).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void unknownKidIsRejectedAndNamed() {
        TokenRejectedException e = rejection(twoKeys, rs256(first, "retired-key"));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(e).hasMessageContaining("retired-key");
    }

    @Test
    void missingKidIsUnknownKeyWhenTheSetHasSeveralKeys() {
        assertThat(rejection(twoKeys, rs256(first, null)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void singleKeyWithoutKidVerifiesTokensWithoutKid() throws Exception {
        RSAKey anonymous = new RSAKey.Builder((RSAPublicKey) first.getPublic()).build();
        JwtTokenVerifier verifier = JwtTokenVerifier.jwks(new JWKSet(anonymous), RULES);

        assertThat(verifier.verify(rs256(first, null)).userId()).isEqualTo("alice");
    }

    @Test
    void keyTypeDecidesTheAlgorithmFamily() throws Exception {
        ECKey ecJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("ec-1").build();
        JwtTokenVerifier mixed = JwtTokenVerifier.jwks(new JWKSet(List.of(rsaJwk(first, "rsa-1"), ecJwk)), RULES);
        String es256 = sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), deviceClaims().build());
        String es256NamingRsaKey = sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("rsa-1").build(), deviceClaims().build());

        assertThat(mixed.verify(es256).userId()).isEqualTo("alice");
        assertThat(rejection(mixed, es256NamingRsaKey).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void hs256TokenNamingAnRsaKeyAndSignedWithItsPublicBytesIsRejected() throws Exception {
        String forged = sign(new MACSigner(first.getPublic().getEncoded()),
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), deviceClaims().build());

        assertThat(rejection(twoKeys, forged).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void algOnTheJwkPinsTheKeyToThatAlgorithm() {
        RSAKey pinned = new RSAKey.Builder((RSAPublicKey) first.getPublic()).keyID("k1").algorithm(JWSAlgorithm.RS256).build();
        JwtTokenVerifier verifier = JwtTokenVerifier.jwks(new JWKSet(pinned), RULES);
        String rs512 = sign(new RSASSASigner(first.getPrivate()),
                new JWSHeader.Builder(JWSAlgorithm.RS512).keyID("k1").build(), deviceClaims().build());

        assertThat(rejection(verifier, rs512).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void duplicateKidsAreRefused() {
        JWKSet set = new JWKSet(List.of(rsaJwk(first, "same"), rsaJwk(second, "same")));

        assertThatIllegalArgumentException().isThrownBy(() -> JwtTokenVerifier.jwks(set, RULES)).withMessageContaining("same");
    }

    /** Published sets mix in encryption keys; those are skipped, but a set with nothing usable is a config error. */
    @Test
    void encryptionKeysAreSkippedAndASetOfOnlyThoseIsRefused() throws Exception {
        RSAKey encryption = new RSAKey.Builder((RSAPublicKey) second.getPublic()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        JwtTokenVerifier verifier = JwtTokenVerifier.jwks(new JWKSet(List.of(rsaJwk(first, "k1"), encryption)), RULES);

        assertThat(verifier.verify(rs256(first, "k1")).userId()).isEqualTo("alice");
        assertThat(rejection(verifier, rs256(second, "enc")).reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThatIllegalArgumentException().isThrownBy(() -> JwtTokenVerifier.jwks(new JWKSet(encryption), RULES));
    }
}
