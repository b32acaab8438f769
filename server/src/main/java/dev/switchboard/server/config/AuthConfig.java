package dev.switchboard.server.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How callers prove who they are. Devices present a JWT verified with exactly one of: a shared HMAC
 * secret, a public key file or a JWKS file; when none is configured the server generates a secret once
 * and keeps it in {@link SwitchboardConfig#jwtSecretFile()}. The HTTP API uses {@code apiKey}, likewise
 * generated into {@link SwitchboardConfig#apiKeyFile()} when unset.
 *
 * @param jwtSecret        HMAC secret, at least 32 bytes of UTF-8; null when not configured
 * @param jwtPublicKeyFile PEM public key verifying RS/ES-signed tokens; null when not configured
 * @param jwksFile         JSON Web Key Set file; null when not configured
 * @param clockSkew        tolerance on exp/nbf, 0..10m
 * @param issuer           required {@code iss} claim; null accepts any
 * @param audience         required {@code aud} claim; null accepts any
 * @param apiKey           bearer key for the HTTP API, at least 16 characters; null when not configured
 */
public record AuthConfig(@Secret String jwtSecret, Path jwtPublicKeyFile, Path jwksFile,
                         Duration clockSkew, String issuer, String audience, @Secret String apiKey) {

    /** HS256 needs a key at least as long as its 256-bit output; shorter keys are refused by JOSE libraries. */
    public static final int MIN_JWT_SECRET_BYTES = 32;
    public static final int MIN_API_KEY_CHARS = 16;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    public static final AuthConfig DEFAULT =
            new AuthConfig(null, null, null, Duration.ofSeconds(30), null, null, null);

    public AuthConfig {
        if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            throw ConfigException.invalidSecret("jwtSecret", jwtSecret,
                    "must be at least " + MIN_JWT_SECRET_BYTES + " bytes of UTF-8");
        }
        requireSingleVerifier(jwtSecret != null, jwtPublicKeyFile != null, jwksFile != null, jwksFile, jwtPublicKeyFile);
        Checks.readableFile("jwtPublicKeyFile", jwtPublicKeyFile);
        Checks.readableFile("jwksFile", jwksFile);
        if (Checks.set("clockSkew", clockSkew).isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ConfigException.invalid("clockSkew", clockSkew, "must be a duration between 0s and 10m");
        }
        if (issuer != null) {
            Checks.text("issuer", issuer);
        }
        if (audience != null) {
            Checks.text("audience", audience);
        }
        if (apiKey != null && apiKey.length() < MIN_API_KEY_CHARS) {
            throw ConfigException.invalidSecret("apiKey", apiKey, "must be at least " + MIN_API_KEY_CHARS + " characters");
        }
    }

    /** Whether a verifier was configured; when not, the server generates and keeps a secret. */
    public boolean hasJwtVerifier() {
        return jwtSecret != null || jwtPublicKeyFile != null || jwksFile != null;
    }

    @Override
    public String toString() {
        return "AuthConfig[jwtSecret=" + presence(jwtSecret) + ", jwtPublicKeyFile=" + jwtPublicKeyFile
                + ", jwksFile=" + jwksFile + ", clockSkew=" + DurationParser.format(clockSkew)
                + ", issuer=" + issuer + ", audience=" + audience + ", apiKey=" + presence(apiKey) + "]";
    }

    static String presence(Object secret) {
        return secret == null ? "<unset>" : "<set>";
    }

    // Two verifiers would leave it ambiguous which one a token must satisfy; the later key is blamed
    // because it is the one most likely added by mistake on top of an existing setup.
    private static void requireSingleVerifier(boolean secret, boolean publicKey, boolean jwks,
                                              Path jwksFile, Path publicKeyFile) {
        String rule = "set only one of jwtSecret, jwtPublicKeyFile, jwksFile";
        if (jwks && (secret || publicKey)) {
            throw ConfigException.invalid("jwksFile", jwksFile,
                    rule + " (" + (secret ? "jwtSecret" : "jwtPublicKeyFile") + " is also set)");
        }
        if (publicKey && secret) {
            throw ConfigException.invalid("jwtPublicKeyFile", publicKeyFile, rule + " (jwtSecret is also set)");
        }
    }
}
