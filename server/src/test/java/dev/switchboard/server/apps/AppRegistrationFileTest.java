package dev.switchboard.server.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.server.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppRegistrationFileTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryEntryAndHashesTheKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("apps.json"), "[{\"packageName\":\"com.a\",\"apiKey\":\"key-aaaa-1\","
                + "\"webhookUrl\":\"http://127.0.0.1:9/a\"},{\"packageName\":\"com.b\",\"apiKey\":\"key-bbbb-2\","
                + "\"webhookUrl\":\"https://apps.example/b\"}]");

        List<AppRegistration> apps = AppRegistrationFile.read(file, Json.mapper(), Instant.now());

        assertThat(apps).extracting(AppRegistration::packageName).containsExactly("com.a", "com.b");
        assertThat(apps.get(1).keyMatches("key-bbbb-2")).isTrue();
    }

    @Test
    void aBadEntryIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("apps.json"), "[{\"packageName\":\"com.a\",\"apiKey\":\"key-aaaa-1\","
                + "\"webhookUrl\":\"http://127.0.0.1:9/a\"},{\"packageName\":\"com.b\",\"apiKey\":7}]");

        assertThatThrownBy(() -> AppRegistrationFile.read(file, Json.mapper(), Instant.now()))
                .hasMessageContaining("entry 1").hasMessageContaining("apiKey");
        Files.writeString(file, "{\"not\":\"an array\"}");
        assertThatThrownBy(() -> AppRegistrationFile.read(file, Json.mapper(), Instant.now()))
                .hasMessageContaining("JSON array");
    }
}
