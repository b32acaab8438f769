package dev.switchboard.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How the YAML layer reacts to what people actually put in config files. */
class YamlConfigFileTest {

    @TempDir
    Path dir;

    private Path file;

    private SwitchboardConfig load(String yaml) throws IOException {
        file = Files.writeString(dir.resolve("switchboard.yaml"), yaml);
        return ConfigLoader.load(null, Map.of(), Map.of(), dir);
    }

    private ConfigException failure(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> load(yaml));
    }

    @Test
    void anUnknownTopLevelKeyListsTheAllowedKeys() {
        ConfigException e = failure("port: 9000\nprot: 9001\n");

        assertThat(e.key()).isEqualTo("prot");
        assertThat(e).hasMessage("prot (from " + file + ":2): unknown key; allowed at the top level: "
                + "home, host, port, proxyPort, shutdownTimeout, auth, websocket, http, control, pairing, proxy, sessions, apps, cluster; did you mean port?");
    }

    @Test
    void anUnknownNestedKeyListsTheKeysOfItsSection() {
        ConfigException e = failure("websocket:\n  pingIntervall: 15s\n");

        assertThat(e.key()).isEqualTo("websocket.pingIntervall");
        assertThat(e).hasMessageContaining("allowed in websocket: path, pingInterval, idleTimeout,")
                .hasMessageContaining("handshakeTimeout")
                .hasMessageEndingWith("did you mean pingInterval?");
    }

    @Test
    void aLeafKeyAtTheWrongLevelIsUnknown() {
        ConfigException e = failure("pingInterval: 15s\n");

        assertThat(e.key()).isEqualTo("pingInterval");
        assertThat(e).hasMessageContaining("unknown key");
    }

    @Test
    void wrongTypesNameTheKeyAndLine() {
        assertThat(failure("host: x\nport: \"abc\"\n"))
                .hasMessage("port = \"abc\" (from " + file + ":2): must be a whole number");
        assertThat(failure("port: 70000\n"))
                .hasMessage("port = \"70000\" (from " + file + ":1): must be a port number 0..65535 (0 picks a free port)");
        assertThat(failure("port: [1, 2]\n")).hasMessageContaining("port (from").hasMessageEndingWith("not a list");
        assertThat(failure("websocket: 5\n").key()).isEqualTo("websocket");
        assertThat(failure("websocket: 5\n")).hasMessageContaining("must be a section with keys path, pingInterval");
    }

    @Test
    void malformedYamlNamesTheFileAndLine() {
        ConfigException e = failure("port: 9000\nwebsocket:\n  path: /ws\n   pingInterval: [\n");

        assertThat(e.getMessage()).startsWith("Config file " + file + " is not valid YAML at line 4").doesNotContain("\n");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        // Without this the second value would silently win, hiding an edit in the wrong place.
        assertThat(failure("port: 9000\nport: 9001\n")).hasMessageContaining("line 2").hasMessageContaining("port");
    }

    @Test
    void aNonMappingDocumentIsAnError() {
        assertThat(failure("- port\n")).hasMessageContaining("top level must be a mapping");
    }

    @Test
    void emptyFilesAndEmptySectionsChangeNothing() throws IOException {
        assertThat(load("")).isEqualTo(SwitchboardConfig.DEFAULT);
        assertThat(load("# nothing yet\n")).isEqualTo(SwitchboardConfig.DEFAULT);
        assertThat(load("websocket:\nauth:\n")).isEqualTo(SwitchboardConfig.DEFAULT);
    }

    @Test
    void scalarsKeepTheTextAsWritten() throws IOException {
        // YAML would read these as numbers (0123... as octal, 1.10 as 1.1); string settings must not change.
        SwitchboardConfig config = load("auth:\n  jwtSecret: 01234567890123456789012345678901234\n  issuer: 1.10\n");

        assertThat(config.auth().jwtSecret()).isEqualTo("01234567890123456789012345678901234");
        assertThat(config.auth().issuer()).isEqualTo("1.10");
    }

    @Test
    void aliasesAreRefusedRatherThanReadAsTheirName() {
        ConfigException e = failure("port: &p 9000\nproxyPort: *p\n");

        assertThat(e.key()).isEqualTo("proxyPort");
        assertThat(e).hasMessageContaining("aliases");
    }

    @Test
    void aBareTildeIsYamlNullAndTheMessageSaysSo() {
        ConfigException e = failure("home: ~\n");

        assertThat(e).hasMessageStartingWith("home = null (from " + file + ":1): must be set")
                .hasMessageContaining("quote \"~\"");
        assertThat(catchThrowableOfType(ConfigException.class, () -> load("home: \"~\"\n"))).isNull();
    }

    @Test
    void nullClearsAnOptionalSetting() throws IOException {
        assertThat(load("auth:\n  issuer: null\n").auth().issuer()).isNull();
        assertThat(load("auth:\n  issuer: me\n").auth().issuer()).isEqualTo("me");
    }

    @Test
    void numbersAreAcceptedForSizes() throws IOException {
        assertThat(load("websocket:\n  maxMessageSize: 1000\n").websocket().maxMessageSize()).isEqualTo(1000);
    }
}
