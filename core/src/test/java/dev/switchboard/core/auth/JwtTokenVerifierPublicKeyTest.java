package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TestTokens.RULES;
import static dev.switchboard.core.auth.TestTokens.deviceClaims;
import static dev.switchboard.core.auth.TestTokens.hs256;
import static dev.switchboard.core.auth.TestTokens.rejection;
import static dev.switchboard.core.auth.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.switchboard.core.auth.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtTokenVerifierPublicKeyTest {

    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair p256;
    private static KeyPair p384;

    @BeforeAll
    static void generateKeys() {
        rsa = TestTokens.rsa(2048);
        otherRsa = TestTokens.rsa(2048);
        p256 = TestTokens.ec("secp256r1");
        p384 = TestTokens.ec("secp384r1");
    }

    @Test
    void rs256TokenFromTheMatchingPrivateKeyIsAccepted() throws Exception {
        String token = sign(new RSASSASigner(rsa.getPrivate()), new JWSHeader(JWSAlgorithm.RS256), deviceClaims().build());

        assertThat(JwtTokenVerifier.publicKey(rsa.getPublic(), RULES).verify(token).userId()).isEqualTo("alice");
    }

    @Test
    void rs512IsInTheRsaFamilyToo() throws Exception {
        String token = sign(new RSASSASigner(rsa.getPrivate()), new JWSHeader(JWSAlgorithm.RS512), deviceClaims().build());

        assertThat(JwtTokenVerifier.publicKey(rsa.getPublic(), RULES).verify(token).deviceId()).isEqualTo("phone-1");
    }

    @Test
    void rs256TokenFromAnotherKeyIsRejected() throws Exception {
        String token = sign(new RSASSASigner(otherRsa.getPrivate()), new JWSHeader(JWSAlgorithm.RS256), deviceClaims().build());

        assertThat(rejection(JwtTokenVerifier.publicKey(rsa.getPublic(), RULES), token).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void es256TokenFromAP256KeyIsAccepted() throws Exception {
        String token = sign(new ECDSASigner((ECPrivateKey) p256.getPrivate()), new JWSHeader(JWSAlgorithm.ES256),
                deviceClaims().build());

        assertThat(JwtTokenVerifier.publicKey(p256.getPublic(), RULES).verify(token).userId()).isEqualTo("alice");
    }

    @Test
    void ecVerifierAcceptsOnlyTheAlgorithmOfItsCurve() throws Exception {
        String es384 = sign(new ECDSASigner((ECPrivateKey) p384.getPrivate()), new JWSHeader(JWSAlgorithm.ES384),
                deviceClaims().build());

        assertThat(JwtTokenVerifier.publicKey(p384.getPublic(), RULES).verify(es384).userId()).isEqualTo("alice");
        assertThat(rejection(JwtTokenVerifier.publicKey(p256.getPublic(), RULES), es384).reason())
                .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    /**
     * The classic algorithm-confusion attack: the RSA public key is public, so if a verifier let the token choose
     * HS256 and used the key's bytes as the HMAC secret, anyone could forge tokens.
     */
    @Test
    void hs256TokenSignedWithTheRsaPublicKeyBytesIsRejected() {
        JwtTokenVerifier verifier = JwtTokenVerifier.publicKey(rsa.getPublic(), RULES);
        byte[] der = rsa.getPublic().getEncoded();
        byte[] pem = TestTokens.pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII);

        for (byte[] keyBytes : new byte[][] {der, pem}) {
            TokenRejectedException e = rejection(verifier, hs256(keyBytes, deviceClaims().build()));
            assertThat(e.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
            assertThat(e).hasMessageContaining("HS256").hasMessageContaining("RS256");
        }
    }

    @Test
    void rsaVerifierRejectsEcTokens() throws Exception {
        String es256 = sign(new ECDSASigner((ECPrivateKey) p256.getPrivate()), new JWSHeader(JWSAlgorithm.ES256),
                deviceClaims().build());

        assertThat(rejection(JwtTokenVerifier.publicKey(rsa.getPublic(), RULES), es256).reason())
                .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void rsaKeysShorterThan2048BitsAreRefused() {
        KeyPair weak = TestTokens.rsa(1024);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> JwtTokenVerifier.publicKey(weak.getPublic(), RULES))
                .withMessageContaining("2048");
    }

    @Test
    void otherKeyTypesAreRefused() throws Exception {
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> JwtTokenVerifier.publicKey(ed25519.getPublic(), RULES))
                .withMessageContaining("RSA or EC");
    }
}
