package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TestTokens.RULES;
import static dev.switchboard.core.auth.TestTokens.deviceClaims;
import static dev.switchboard.core.auth.TestTokens.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    @TempDir
    Path dir;

    @Test
    void readsAnRsaPublicKeyPem() throws Exception {
        KeyPair pair = TestTokens.rsa(2048);
        Path file = Files.writeString(dir.resolve("rsa.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));

        PublicKey loaded = KeyMaterial.readPublicKeyPem(file);

        assertThat(loaded.getAlgorithm()).isEqualTo("RSA");
        assertThat(loaded.getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void readsAnEcPublicKeyPemThatThenVerifiesTokens() throws Exception {
        KeyPair pair = TestTokens.ec("secp256r1");
        Path file = Files.writeString(dir.resolve("ec.pem"), "comment line\r\n" + pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        String token = TestTokens.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()), new JWSHeader(JWSAlgorithm.ES256),
                deviceClaims().build());

        PublicKey loaded = KeyMaterial.readPublicKeyPem(file);

        assertThat(loaded.getAlgorithm()).isEqualTo("EC");
        assertThat(JwtTokenVerifier.publicKey(loaded, RULES).verify(token).userId()).isEqualTo("alice");
    }

    @Test
    void privateKeyPemIsRefusedWithAHint() throws Exception {
        KeyPair pair = TestTokens.ec("secp256r1");
        Path file = Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyMaterial.readPublicKeyPem(file))
                .withMessageContaining(file.toString())
                .withMessageContaining("private key")
                .withMessageContaining("-pubout");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nope.pem");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyMaterial.readPublicKeyPem(file))
                .withMessageContaining(file.toString())
                .withMessageContaining("does not exist");
    }

    @Test
    void corruptPemIsNamed() throws Exception {
        Path badBase64 = Files.writeString(dir.resolve("bad64.pem"), "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n");
        Path notAKey = Files.writeString(dir.resolve("notakey.pem"), pem("PUBLIC KEY", new byte[] {1, 2, 3, 4}));

        assertThatIllegalArgumentException().isThrownBy(() -> KeyMaterial.readPublicKeyPem(badBase64))
                .withMessageContaining(badBase64.toString()).withMessageContaining("base64");
        assertThatIllegalArgumentException().isThrownBy(() -> KeyMaterial.readPublicKeyPem(notAKey))
                .withMessageContaining(notAKey.toString()).withMessageContaining("neither");
    }

    @Test
    void readsAJwksFile() throws Exception {
        KeyPair pair = TestTokens.rsa(2048);
        JWKSet set = new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("k1").build());
        Path file = Files.writeString(dir.resolve("jwks.json"), set.toString());

        JWKSet loaded = KeyMaterial.readJwks(file);

        assertThat(loaded.getKeyByKeyId("k1").toRSAKey().toRSAPublicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void invalidOrEmptyJwksIsNamed() throws Exception {
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"keys\": [");
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"keys\": []}");

        assertThatIllegalArgumentException().isThrownBy(() -> KeyMaterial.readJwks(notJson))
                .withMessageContaining(notJson.toString()).withMessageContaining("not a valid JWKS");
        assertThatIllegalArgumentException().isThrownBy(() -> KeyMaterial.readJwks(empty))
                .withMessageContaining(empty.toString()).withMessageContaining("no keys");
    }
}
