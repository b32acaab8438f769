package dev.switchboard.core.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads verification keys from files named in configuration. Every failure is an {@link IllegalArgumentException}
 * naming the file and saying what is wrong, meant to stop startup with a message an operator can act on.
 */
public final class KeyMaterial {

    private static final Logger log = LoggerFactory.getLogger(KeyMaterial.class);

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private KeyMaterial() {
    }

    /**
     * Reads an RSA or EC public key in PEM form ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo, as
     * {@code openssl pkey -pubout} writes it). Parsed with the JDK alone; nimbus's PEM parser would need BouncyCastle.
     */
    public static PublicKey readPublicKeyPem(Path file) {
        String text = read(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(file + " holds no PEM public key (-----BEGIN PUBLIC KEY-----)" + hint(text, file));
        }
        byte[] der;
        try {
            // Not the MIME decoder: it skips stray characters, which would turn a corrupt file into a confusing error.
            der = Base64.getDecoder().decode(text.substring(begin + BEGIN.length(), end).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the PEM public key is not valid base64", e);
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException wrongType) {
                // The DER names its algorithm; trying each is simpler than decoding the OID ourselves.
            }
        }
        throw new IllegalArgumentException(file + ": the PEM public key is neither a valid RSA nor a valid EC key");
    }

    /** Reads a JSON Web Key Set (RFC 7517, {@code {"keys":[...]}}). */
    public static JWKSet readJwks(Path file) {
        JWKSet set;
        try {
            set = JWKSet.parse(read(file));
        } catch (ParseException e) {
            throw new IllegalArgumentException(file + " is not a valid JWKS: " + e.getMessage(), e);
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalArgumentException(file + " is a JWKS with no keys");
        }
        if (set.getKeys().stream().anyMatch(JWK::isPrivate)) {
            log.warn("{} contains private key material; a verifier needs only public keys, keep private keys elsewhere", file);
        }
        return set;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("key file " + file + " is not text; if it is DER, convert it to PEM with"
                    + " `openssl pkey -pubin -inform DER -in " + file + " -pubout`", e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("key file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e, e);
        }
    }

    private static String hint(String text, Path file) {
        if (text.contains("PRIVATE KEY-----")) {
            return "; it holds a private key, which must not be given to the server. Extract the public key with"
                    + " `openssl pkey -in " + file + " -pubout`";
        }
        if (text.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            return "; it holds a PKCS#1 RSA key. Convert it with `openssl rsa -RSAPublicKey_in -in " + file + " -pubout`";
        }
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return "; it holds a certificate. Extract the public key with `openssl x509 -in " + file + " -pubkey -noout`";
        }
        return "";
    }
}
