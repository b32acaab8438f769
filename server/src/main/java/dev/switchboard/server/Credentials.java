package dev.switchboard.server;

import dev.switchboard.core.auth.GeneratedSecret;
import dev.switchboard.core.auth.JwtRules;
import dev.switchboard.core.auth.JwtTokenVerifier;
import dev.switchboard.core.auth.KeyMaterial;
import dev.switchboard.core.auth.TokenVerifier;
import dev.switchboard.server.config.AuthConfig;
import dev.switchboard.server.config.SwitchboardConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Turns the auth configuration into working credentials: the token verifier, the HS256 signing secret
 * (configured, or generated once into the home directory) and the API key (likewise). The daemon and the
 * CLI's {@code token} command both come here, so they always agree on the secret.
 */
public final class Credentials {

    private Credentials() {
    }

    public static TokenVerifier verifier(SwitchboardConfig config, Clock clock) {
        AuthConfig auth = config.auth();
        JwtRules rules = new JwtRules(auth.clockSkew(), auth.issuer(), auth.audience(), clock);
        if (auth.jwtPublicKeyFile() != null) {
            return JwtTokenVerifier.publicKey(KeyMaterial.readPublicKeyPem(auth.jwtPublicKeyFile()), rules);
        }
        if (auth.jwksFile() != null) {
            return JwtTokenVerifier.jwks(KeyMaterial.readJwks(auth.jwksFile()), rules);
        }
        return JwtTokenVerifier.hmac(signingSecret(config), rules);
    }

    /**
     * The HS256 secret: configured, or generated into {@code $SWITCHBOARD_HOME/jwt-secret} on first use.
     *
     * @throws IllegalStateException when tokens are verified with a public key, which cannot sign
     */
    public static byte[] signingSecret(SwitchboardConfig config) {
        AuthConfig auth = config.auth();
        if (auth.jwtSecret() != null) {
            return auth.jwtSecret().getBytes(StandardCharsets.UTF_8);
        }
        if (auth.hasJwtVerifier()) {
            throw new IllegalStateException("tokens are verified with a public key (auth.jwtPublicKeyFile or "
                    + "auth.jwksFile), so this gateway cannot mint them: issue them with your identity provider");
        }
        return GeneratedSecret.loadOrCreate(config.jwtSecretFile()).getBytes(StandardCharsets.UTF_8);
    }

    /** The HTTP API key: configured, or generated into {@code $SWITCHBOARD_HOME/api-key} on first use. */
    public static String apiKey(SwitchboardConfig config) {
        String configured = config.auth().apiKey();
        return configured != null ? configured : GeneratedSecret.loadOrCreate(config.apiKeyFile());
    }
}
