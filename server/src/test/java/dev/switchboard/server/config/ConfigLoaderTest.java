package dev.switchboard.server.config;

import dev.switchboard.core.hub.DuplicatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private SwitchboardConfig load(Map<String, String> env, Map<String, String> flags) {
        return ConfigLoader.load(null, env, flags, dir);
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void withNothingConfiguredEveryValueIsTheDefault() {
        SwitchboardConfig config = load(Map.of(), Map.of());

        assertThat(config).isEqualTo(SwitchboardConfig.DEFAULT);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.proxyPort()).isEqualTo(8081);
        assertThat(config.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".switchboard"));
        assertThat(config.websocket().path()).isEqualTo("/ws");
        assertThat(config.websocket().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.websocket().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.websocket().writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.websocket().maxMessageSize()).isEqualTo(512 * 1024);
        assertThat(config.http().apiPrefix()).isEqualTo("/api/v1");
    }

    @Test
    void theWorkingDirectoryFileOverridesDefaults() throws IOException {
        write("switchboard.yaml", """
                port: 9000
                websocket:
                  pingInterval: 15s
                  duplicatePolicy: replace
                http:
                  maxRequestSize: 2MiB
                """);

        LoadedConfig loaded = ConfigLoader.loadDetailed(null, Map.of(), Map.of(), dir);

        assertThat(loaded.file()).isEqualTo(dir.resolve("switchboard.yaml"));
        SwitchboardConfig config = loaded.config();
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.websocket().pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.websocket().duplicatePolicy()).isEqualTo(DuplicatePolicy.REPLACE);
        assertThat(config.http().maxRequestSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.proxyPort()).isEqualTo(8081);
        assertThat(loaded.sourceOf("port")).isEqualTo("from " + dir.resolve("switchboard.yaml") + ":1");
        assertThat(loaded.sourceOf("proxyPort")).isEqualTo("default");
    }

    @Test
    void anExplicitFileIsUsedInsteadOfTheWorkingDirectoryOne() throws IOException {
        write("switchboard.yaml", "port: 9000\n");
        write("other.yaml", "port: 9100\n");

        SwitchboardConfig config = ConfigLoader.load(Path.of("other.yaml"), Map.of(), Map.of(), dir);

        assertThat(config.port()).isEqualTo(9100);
    }

    @Test
    void aMissingExplicitFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("nope.yaml").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        write("switchboard.yaml", "port: 9000\nwebsocket:\n  pingInterval: 15s\n");

        LoadedConfig loaded = ConfigLoader.loadDetailed(null,
                Map.of("SWITCHBOARD_PORT", "9200", "SWITCHBOARD_WEBSOCKET_PING_INTERVAL", "20s"), Map.of(), dir);

        assertThat(loaded.config().port()).isEqualTo(9200);
        assertThat(loaded.config().websocket().pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(loaded.sourceOf("port")).isEqualTo("from SWITCHBOARD_PORT");
    }

    @Test
    void flagsOverrideTheEnvironment() throws IOException {
        write("switchboard.yaml", "port: 9000\n");

        LoadedConfig loaded = ConfigLoader.loadDetailed(null, Map.of("SWITCHBOARD_PORT", "9200"),
                Map.of("port", "9300", "websocket.maxMessageSize", "768KiB"), dir);

        assertThat(loaded.config().port()).isEqualTo(9300);
        assertThat(loaded.config().websocket().maxMessageSize()).isEqualTo(768 * 1024);
        assertThat(loaded.sourceOf("port")).isEqualTo("from flag port");
    }

    @Test
    void portZeroFromTheEnvironmentMeansPickAFreePort() {
        SwitchboardConfig config = load(Map.of("SWITCHBOARD_PORT", "0", "SWITCHBOARD_PROXY_PORT", "0"), Map.of());

        assertThat(config.port()).isZero();
        assertThat(config.proxyPort()).isZero();
    }

    @Test
    void nullFlagValuesAreTreatedAsNotGiven() {
        Map<String, String> flags = new HashMap<>();
        flags.put("port", null);

        assertThat(load(Map.of("SWITCHBOARD_PORT", "9200"), flags).port()).isEqualTo(9200);
    }

    @Test
    void envNamesAreDerivedFromEveryKey() {
        Map<String, String> names = ConfigLoader.envNames();

        assertThat(names).containsEntry("port", "SWITCHBOARD_PORT")
                .containsEntry("proxyPort", "SWITCHBOARD_PROXY_PORT")
                .containsEntry("home", "SWITCHBOARD_HOME")
                .containsEntry("websocket.pingInterval", "SWITCHBOARD_WEBSOCKET_PING_INTERVAL")
                .containsEntry("auth.jwtSecret", "SWITCHBOARD_AUTH_JWT_SECRET")
                .containsEntry("auth.jwtPublicKeyFile", "SWITCHBOARD_AUTH_JWT_PUBLIC_KEY_FILE")
                .containsEntry("http.maxRequestSize", "SWITCHBOARD_HTTP_MAX_REQUEST_SIZE");
        // 5 top-level leaves + 7 auth + 11 websocket + 2 http + 4 control + 5 pairing + 13 proxy + 3 sessions
        // + 8 apps: a new component shows up here.
        assertThat(names).hasSize(58);
        assertThat(names).containsEntry("control.tcpPort", "SWITCHBOARD_CONTROL_TCP_PORT");
        assertThat(names.values()).doesNotHaveDuplicates();
    }

    @Test
    void everyDerivedEnvNameIsActuallyRead() {
        // Guards against the env layer and the published name list drifting apart: whether the odd value
        // is accepted or refused, it must be attributed to that variable.
        ConfigLoader.envNames().forEach((key, name) -> {
            String expectedSource = "from " + name;
            try {
                LoadedConfig loaded = ConfigLoader.loadDetailed(null, Map.of(name, "x\u0000"), Map.of(), dir);
                assertThat(loaded.sourceOf(key)).as(name).isEqualTo(expectedSource);
            } catch (ConfigException e) {
                assertThat(e.key()).as(name).isEqualTo(key);
                assertThat(e.source()).as(name).isEqualTo(expectedSource);
            }
        });
    }

    @Test
    void unknownSwitchboardVariablesAreWarningsNotErrors() {
        LoadedConfig loaded = ConfigLoader.loadDetailed(null,
                Map.of("SWITCHBOARD_PROT", "1", "SWITCHBOARD_CONFIG", "x.yaml", "PATH", "/bin",
                        "SWITCHBOARD_WEBSOCKET_PATH", ""), Map.of(), dir);

        assertThat(loaded.config()).isEqualTo(SwitchboardConfig.DEFAULT);
        assertThat(loaded.warnings()).containsExactly(
                "SWITCHBOARD_PROT is not a Switchboard setting and was ignored; did you mean SWITCHBOARD_PORT?",
                "SWITCHBOARD_WEBSOCKET_PATH is empty and was ignored");
    }

    @Test
    void anUnknownFlagKeyIsAnErrorListingTheKeys() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("proxy-port", "0")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("proxy-port"))
                .hasMessageContaining("unknown key")
                .hasMessageContaining("proxyPort")
                .hasMessageContaining("websocket.pingInterval");
    }

    @Test
    void tildeIsTheUserHomeAndRelativePathsHangOffTheWorkingDirectory() {
        Path userHome = Path.of(System.getProperty("user.home"));

        assertThat(load(Map.of("SWITCHBOARD_HOME", "~"), Map.of()).home()).isEqualTo(userHome);
        assertThat(load(Map.of("SWITCHBOARD_HOME", "~/sb-test"), Map.of()).home()).isEqualTo(userHome.resolve("sb-test"));
        assertThat(load(Map.of(), Map.of("home", "state/../run")).home()).isEqualTo(dir.toAbsolutePath().resolve("run"));
        assertThatThrownBy(() -> load(Map.of(), Map.of("home", "~bob/x")))
                .hasMessageContaining("home = \"~bob/x\" (from flag home)")
                .hasMessageContaining("~user");
    }

    @Test
    void theDerivedPathsLiveInHome() {
        SwitchboardConfig config = load(Map.of(), Map.of("home", "/srv/sb"));

        assertThat(config.controlSocket()).isEqualTo(Path.of("/srv/sb/control.sock"));
        assertThat(config.healthFile()).isEqualTo(Path.of("/srv/sb/health.json"));
        assertThat(config.jwtSecretFile()).isEqualTo(Path.of("/srv/sb/jwt-secret"));
        assertThat(config.apiKeyFile()).isEqualTo(Path.of("/srv/sb/api-key"));
    }

    @Test
    void keyFilesAreResolvedAgainstTheWorkingDirectory() throws IOException {
        write("jwks.json", "{\"keys\":[]}");

        SwitchboardConfig config = load(Map.of("SWITCHBOARD_AUTH_JWKS_FILE", "jwks.json"), Map.of());

        assertThat(config.auth().jwksFile()).isEqualTo(dir.toAbsolutePath().resolve("jwks.json"));
    }

    @Test
    void describeShowsOriginsAndNoSecrets() {
        String secret = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t";
        LoadedConfig loaded = ConfigLoader.loadDetailed(null,
                Map.of("SWITCHBOARD_AUTH_JWT_SECRET", secret), Map.of("auth.apiKey", "key-key-key-key-key"), dir);

        assertThat(loaded.describe())
                .contains("auth.jwtSecret = <set>  (from SWITCHBOARD_AUTH_JWT_SECRET)")
                .contains("auth.apiKey = <set>  (from flag auth.apiKey)")
                .contains("websocket.pingInterval = 30s  (default)")
                .doesNotContain(secret)
                .doesNotContain("key-key-key-key-key");
    }
}
