package dev.switchboard.server.config;

import dev.switchboard.core.hub.DuplicatePolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchboardConfigTest {

    private static final String SECRET = "jwt-secret-value-that-is-32-bytes!";
    private static final String API_KEY = "api-key-value-0123";

    private static SwitchboardConfig withSecrets() {
        return SwitchboardConfig.DEFAULT.withAuth(
                new AuthConfig(SECRET, null, null, Duration.ofSeconds(30), "iss", "aud", API_KEY));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SwitchboardConfig d = SwitchboardConfig.DEFAULT;

        assertThat(d.host()).isEqualTo("0.0.0.0");
        assertThat(d.port()).isEqualTo(8080);
        assertThat(d.proxyPort()).isEqualTo(8081);
        assertThat(d.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.auth().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.auth().hasJwtVerifier()).isFalse();
        assertThat(d.websocket().writeBufferLow()).isEqualTo(32 * 1024);
        assertThat(d.websocket().writeBufferHigh()).isEqualTo(64 * 1024);
        assertThat(d.websocket().maxOutboundBuffer()).isEqualTo(1024 * 1024);
        assertThat(d.websocket().duplicatePolicy()).isEqualTo(DuplicatePolicy.REJECT);
        assertThat(d.websocket().maxChannelsPerLine()).isEqualTo(64);
        assertThat(d.websocket().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.http().maxRequestSize()).isEqualTo(1024 * 1024);
    }

    @Test
    void toStringAndDescribeNeverShowSecrets() {
        SwitchboardConfig config = withSecrets();

        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain(API_KEY)
                .contains("jwtSecret=<set>").contains("apiKey=<set>");
        assertThat(config.auth().toString()).doesNotContain(SECRET).doesNotContain(API_KEY);
        assertThat(config.describe()).doesNotContain(SECRET).doesNotContain(API_KEY)
                .contains("auth.jwtSecret = <set>").contains("auth.issuer = iss");
        assertThat(SwitchboardConfig.DEFAULT.describe()).contains("auth.jwtSecret = <unset>");
    }

    @Test
    void describeListsEveryKeyInInputSyntax() {
        String text = SwitchboardConfig.DEFAULT.describe();

        assertThat(text.lines()).hasSize(ConfigLoader.envNames().size());
        assertThat(text).contains("port = 8080", "websocket.idleTimeout = 1m", "websocket.maxMessageSize = 512KiB",
                "websocket.duplicatePolicy = reject", "auth.jwksFile = <unset>");
    }

    @Test
    void homeMustBeAbsoluteAndIsNormalised() {
        assertThatThrownBy(() -> SwitchboardConfig.DEFAULT.withHome(Path.of("relative")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("home"))
                .hasMessageContaining("must be an absolute path");
        assertThat(SwitchboardConfig.DEFAULT.withHome(Path.of("/a/b/../c")).controlSocket())
                .isEqualTo(Path.of("/a/c/control.sock"));
    }

    @Test
    void withersChangeOnlyTheirPart() {
        SwitchboardConfig changed = SwitchboardConfig.DEFAULT.withPorts(0, 0).withHome(Path.of("/tmp/sb"));

        assertThat(changed.port()).isZero();
        assertThat(changed.proxyPort()).isZero();
        assertThat(changed.home()).isEqualTo(Path.of("/tmp/sb"));
        assertThat(changed.websocket()).isSameAs(SwitchboardConfig.DEFAULT.websocket());
        assertThat(changed.withHttp(new HttpConfig(2048, "/api")).http().apiPrefix()).isEqualTo("/api");
        assertThat(changed.withWebsocket(WebSocketConfig.DEFAULT).port()).isZero();
    }

    @Test
    void aShortSecretInAnExceptionIsRedactedEvenWithoutTheLoader() {
        assertThatThrownBy(() -> new AuthConfig("short-secret", null, null, Duration.ZERO, null, null, null))
                .hasMessage("jwtSecret = <secret of 12 characters>: must be at least 32 bytes of UTF-8");
    }

    @Test
    void blankIssuerIsRefusedWhenConstructedDirectly() {
        assertThatThrownBy(() -> new AuthConfig(null, null, null, Duration.ZERO, " ", null, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("issuer"));
    }
}
