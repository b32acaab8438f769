package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClientKeyRulesTest {

    private static final String EXPO_UA = "Expo/2.31.2 CFNetwork/1492.0.1 Darwin/23.3.0";

    private static RouteRequest request(Map<String, String> headers, String app) {
        return new RouteRequest(null, null, headers, "10.0.0.7", 1234, false, app);
    }

    private final ClientKeyRules rules = ClientKeyRules.DEFAULT;

    @Test
    void theExplicitHeaderComesFirst() {
        ClientKey key = rules.derive(request(Map.of("x-switchboard-client", " sim-1 ", "user-agent", EXPO_UA,
                "eas-client-id", "install-9"), null));
        assertThat(key.key()).isEqualTo("header:sim-1");
        assertThat(key.identifier()).isEqualTo("Expo");
    }

    @Test
    void anExpoUserAgentIsKeyedByItsInstallHeader() {
        ClientKey key = rules.derive(request(Map.of("user-agent", EXPO_UA, "eas-client-id", "install-9"), null));
        assertThat(key.key()).isEqualTo("eas:install-9");
        assertThat(key.source()).contains("eas-client-id");
        // The install header means nothing on another user-agent.
        assertThat(rules.derive(request(Map.of("user-agent", "MyApp/1", "eas-client-id", "x"), null)).key())
                .isEqualTo("ua:MyApp/1");
        // An Expo user-agent without it falls back to the user-agent.
        assertThat(rules.derive(request(Map.of("user-agent", EXPO_UA), null)).key()).isEqualTo("ua:" + EXPO_UA);
    }

    @Test
    void otherwiseTheFullUserAgentWithItsProductTokenAsIdentifier() {
        ClientKey key = rules.derive(request(Map.of("user-agent", "MyApp/1 CFNetwork/1.0"), null));
        assertThat(key.key()).isEqualTo("ua:MyApp/1 CFNetwork/1.0");
        assertThat(key.identifier()).isEqualTo("MyApp");
    }

    @Test
    void noHeaderAtAllIsAnonymousPerRemoteHost() {
        ClientKey key = rules.derive(request(Map.of(), null));
        assertThat(key.key()).isEqualTo("anonymous:10.0.0.7");
        assertThat(key.identifier()).isNull();
    }

    @Test
    void appQueryIsTheIdentifierWhenGiven() {
        assertThat(rules.derive(request(Map.of("user-agent", "MyApp/1"), "com.x.web")).identifier())
                .isEqualTo("com.x.web");
    }

    @Test
    void headerNamesAndTheExpoPatternAreConfigurable() {
        ClientKeyRules custom = new ClientKeyRules("X-Device", Pattern.compile("^RN "), "x-install");
        assertThat(custom.derive(request(Map.of("x-device", "d1"), null)).key()).isEqualTo("header:d1");
        assertThat(custom.derive(request(Map.of("user-agent", "RN app/1", "x-install", "i1"), null)).key())
                .isEqualTo("eas:i1");
        assertThat(custom.derive(request(Map.of("x-switchboard-client", "ignored", "user-agent", "A/1"), null)).key())
                .isEqualTo("ua:A/1");
    }

    @Test
    void productToken() {
        assertThat(ClientKeyRules.productToken("Mozilla/5.0 (Macintosh)")).isEqualTo("Mozilla");
        assertThat(ClientKeyRules.productToken("okhttp")).isEqualTo("okhttp");
        assertThat(ClientKeyRules.productToken("My App build 3")).isEqualTo("My");
        assertThat(ClientKeyRules.productToken("/1.0")).isNull();
        assertThat(ClientKeyRules.productToken(null)).isNull();
    }

    @Test
    void hugeHeaderValuesAreCut() {
        String big = "A".repeat(10_000);
        assertThat(rules.derive(request(Map.of("user-agent", big), null)).key())
                .hasSize("ua:".length() + ClientKeyRules.MAX_VALUE);
    }
}
