package dev.switchboard.server.config;

import dev.switchboard.core.hub.DuplicatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule, reached the way a user reaches it, must name the key, the value as written and its origin. */
class ConfigValidationTest {

    @TempDir
    Path dir;

    private ConfigException failure(Map<String, String> env, Map<String, String> flags) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(null, env, flags, dir));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return (ConfigException) thrown;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "port                         | 70000    | must be a port number 0..65535",
            "port                         | -1       | must be a port number 0..65535",
            "port                         | abc      | must be a whole number",
            "proxyPort                    | 65536    | must be a port number 0..65535",
            "host                         | a b      | must be a host name or IP address",
            "host                         | ' '      | must be set",
            "shutdownTimeout              | 0s       | must be a positive duration",
            "shutdownTimeout              | 10       | must be a duration such as",
            "auth.clockSkew               | 11m      | must be a duration between 0s and 10m",
            "auth.clockSkew               | PT-1S    | must be a duration between 0s and 10m",
            "auth.jwksFile                | no.json  | must be a readable file",
            "auth.jwtPublicKeyFile        | no.pem   | must be a readable file",
            "websocket.path               | ws       | must be a URL path starting with \"/\"",
            "websocket.path               | /w s     | must be a URL path starting with \"/\"",
            "websocket.pingInterval       | 0s       | must be a positive duration such as 30s",
            "websocket.idleTimeout        | 30s      | must be longer than pingInterval (30s)",
            "websocket.writeTimeout       | 0ms      | must be a positive duration",
            "websocket.handshakeTimeout   | PT0S     | must be a positive duration",
            "websocket.maxMessageSize     | 0        | must be between 1 and 64MiB",
            "websocket.maxMessageSize     | 65MiB    | must be between 1 and 64MiB",
            "websocket.maxMessageSize     | 64KB     | ambiguous unit \"KB\"; write KiB",
            "websocket.writeBufferLow     | 0        | must be between 1 and 1GiB",
            "websocket.maxOutboundBuffer  | 512KiB   | must hold at least one message of maxMessageSize",
            "websocket.writeBufferHigh    | 32KiB    | must be larger than writeBufferLow (32KiB)",
            "websocket.maxOutboundBuffer  | 63KiB    | must be at least writeBufferHigh (64KiB)",
            "websocket.duplicatePolicy    | kick     | must be one of reject, replace",
            "websocket.maxChannelsPerLine | 0        | must be between 1 and 10000",
            "websocket.maxChannelsPerLine | 10001    | must be between 1 and 10000",
            "http.maxRequestSize          | 1023     | must be between 1KiB and 64MiB",
            "http.maxRequestSize          | 65MiB    | must be between 1KiB and 64MiB",
            "http.apiPrefix               | api      | must be a URL path starting with \"/\"",
            "http.apiPrefix               | /api/    | without a trailing \"/\"",
            "http.apiPrefix               | /        | without a trailing \"/\"",
    })
    void eachRuleNamesKeyValueAndFlag(String key, String value, String rule) {
        ConfigException e = failure(Map.of(), Map.of(key, value));

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.source()).isEqualTo("from flag " + key);
        assertThat(e.getMessage()).startsWith(key + " = \"" + value + "\" (from flag " + key + "): ").contains(rule);
    }

    @Test
    void theMessageReadsAsDocumented() {
        ConfigException e = failure(Map.of("SWITCHBOARD_WEBSOCKET_PING_INTERVAL", "0s"), Map.of());

        assertThat(e).hasMessage("websocket.pingInterval = \"0s\" (from SWITCHBOARD_WEBSOCKET_PING_INTERVAL): "
                + "must be a positive duration such as 30s");
    }

    @Test
    void aRuleBrokenByADefaultSaysSoAndNamesTheOtherValue() {
        ConfigException e = failure(Map.of(), Map.of("websocket.pingInterval", "2m"));

        assertThat(e).hasMessage("websocket.idleTimeout = \"1m\" (default): must be longer than pingInterval (2m)");
    }

    @Test
    void portsMustDifferUnlessBothArePickedFreely() {
        ConfigException e = failure(Map.of(), Map.of("port", "9000", "proxyPort", "9000"));

        assertThat(e.key()).isEqualTo("proxyPort");
        assertThat(e).hasMessageContaining("must differ from port (9000)");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("port", "0", "proxyPort", "0"), dir).port()).isZero();
    }

    @Test
    void aShortJwtSecretIsRefusedWithoutPrintingIt() {
        String secret = "too-short-secret";
        ConfigException e = failure(Map.of("SWITCHBOARD_AUTH_JWT_SECRET", secret), Map.of());

        assertThat(e).hasMessage("auth.jwtSecret = <secret of 16 characters> (from SWITCHBOARD_AUTH_JWT_SECRET): "
                + "must be at least 32 bytes of UTF-8");
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @Test
    void jwtSecretLengthCountsUtf8Bytes() {
        // 16 two-byte characters are 32 bytes: enough, although only 16 characters.
        String secret = "é".repeat(16);
        assertThat(ConfigLoader.load(null, Map.of("SWITCHBOARD_AUTH_JWT_SECRET", secret), Map.of(), dir)
                .auth().jwtSecret()).isEqualTo(secret);
        assertThat(failure(Map.of("SWITCHBOARD_AUTH_JWT_SECRET", "é".repeat(15) + "x"), Map.of()).key())
                .isEqualTo("auth.jwtSecret");
    }

    @Test
    void aShortApiKeyIsRefusedWithoutPrintingIt() {
        ConfigException e = failure(Map.of(), Map.of("auth.apiKey", "abc123"));

        assertThat(e).hasMessage("auth.apiKey = <secret of 6 characters> (from flag auth.apiKey): "
                + "must be at least 16 characters");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("auth.apiKey", "a".repeat(16)), dir).auth().apiKey())
                .hasSize(16);
    }

    @Test
    void onlyOneJwtVerifierMayBeConfigured() throws IOException {
        Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
        Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----");
        String secret = "x".repeat(32);

        ConfigException both = failure(Map.of("SWITCHBOARD_AUTH_JWT_SECRET", secret),
                Map.of("auth.jwksFile", jwks.toString()));
        assertThat(both.key()).isEqualTo("auth.jwksFile");
        assertThat(both).hasMessageContaining("set only one of jwtSecret, jwtPublicKeyFile, jwksFile (jwtSecret is also set)")
                .hasMessageNotContaining(secret);

        ConfigException keyAndSecret = failure(Map.of("SWITCHBOARD_AUTH_JWT_SECRET", secret),
                Map.of("auth.jwtPublicKeyFile", pem.toString()));
        assertThat(keyAndSecret.key()).isEqualTo("auth.jwtPublicKeyFile");

        ConfigException keyAndJwks = failure(Map.of(),
                Map.of("auth.jwtPublicKeyFile", pem.toString(), "auth.jwksFile", jwks.toString()));
        assertThat(keyAndJwks).hasMessageContaining("(jwtPublicKeyFile is also set)");

        assertThat(ConfigLoader.load(null, Map.of(), Map.of("auth.jwksFile", jwks.toString()), dir).auth().jwksFile())
                .isEqualTo(jwks);
    }

    @Test
    void aDirectoryIsNotAReadableKeyFile() {
        ConfigException e = failure(Map.of(), Map.of("auth.jwksFile", dir.toString()));

        assertThat(e.key()).isEqualTo("auth.jwksFile");
        assertThat(e).hasMessageContaining("must be a readable file");
    }

    @Test
    void blankOptionalValuesMeanNotConfigured() {
        SwitchboardConfig config = ConfigLoader.load(null, Map.of(), Map.of("auth.issuer", " "), dir);

        assertThat(config.auth().issuer()).isNull();
    }

    @Test
    void duplicatePolicyIgnoresCase() {
        SwitchboardConfig config = ConfigLoader.load(null,
                Map.of("SWITCHBOARD_WEBSOCKET_DUPLICATE_POLICY", "RePlAcE"), Map.of(), dir);

        assertThat(config.websocket().duplicatePolicy()).isEqualTo(DuplicatePolicy.REPLACE);
    }

    @Test
    void directConstructionIsValidatedToo() {
        // No loader involved: the record itself must refuse, with the component name as the key.
        assertThatThrownBy(() -> SwitchboardConfig.DEFAULT.withPorts(8080, 70000))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("proxyPort"))
                .hasMessage("proxyPort = \"70000\": must be a port number 0..65535 (0 picks a free port)");
        assertThatThrownBy(() -> new HttpConfig(1024, null))
                .hasMessage("apiPrefix = null: must be set");
    }
}
