package dev.switchboard.core.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppRegistrationTest {

    @Test
    void keyIsKeptHashedAndChecked() {
        AppRegistration app = AppRegistration.create("com.example.x", "secret-key-1", "https://apps.example/hook",
                Instant.now());

        assertThat(app.keyMatches("secret-key-1")).isTrue();
        assertThat(app.keyMatches("secret-key-2")).isFalse();
        assertThat(app.keyMatches(null)).isFalse();
        assertThat(app.toString()).doesNotContain("secret");
        // Same key, different salt: different hashes.
        AppRegistration again = AppRegistration.create("com.example.x", "secret-key-1", "https://apps.example/hook",
                Instant.now());
        assertThat(again.keyMatches("secret-key-1")).isTrue();
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> AppRegistration.create("1bad", "secret-key-1", "http://h/x", Instant.now()))
                .hasMessageContaining("packageName");
        assertThatThrownBy(() -> AppRegistration.create("ok", "short", "http://h/x", Instant.now()))
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() -> AppRegistration.create("ok", "secret-key-1", "ftp://h/x", Instant.now()))
                .hasMessageContaining("webhookUrl");
        assertThatThrownBy(() -> AppRegistration.create("ok", "secret-key-1", "not a url", Instant.now()))
                .hasMessageContaining("webhookUrl");
    }

    @Test
    void registryIsBoundedAndReplacesByPackage() {
        AppRegistry registry = new AppRegistry(1);
        assertThat(registry.register(AppRegistration.create("a", "secret-key-1", "http://h/x", Instant.now()))).isTrue();
        assertThat(registry.register(AppRegistration.create("a", "secret-key-2", "http://h/y", Instant.now()))).isFalse();
        assertThat(registry.find("a").orElseThrow().keyMatches("secret-key-2")).isTrue();
        assertThatThrownBy(() -> registry.register(AppRegistration.create("b", "secret-key-1", "http://h/x",
                Instant.now()))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void streamNames() {
        assertThat(StreamNames.isValid("location")).isTrue();
        assertThat(StreamNames.isValid("transcription:en-US")).isTrue();
        assertThat(StreamNames.isValid("Location")).isFalse();
        assertThat(StreamNames.isValid("a:")).isFalse();
        assertThat(StreamNames.subscriptions(List.of("location", "*", "location"), 5)).containsExactly("location", "*");
        assertThat(StreamNames.matches(java.util.Set.of("*"), "audio")).isTrue();
        assertThat(StreamNames.matches(java.util.Set.of("transcription:en-US"), "transcription:de-DE")).isFalse();
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(JsonText.quote("a\"b\\c\n\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
        assertThat(new String(AppFrames.appStopped("p\"x", "r"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"app_stopped\",\"packageName\":\"p\\\"x\",\"reason\":\"r\"}");
    }
}
