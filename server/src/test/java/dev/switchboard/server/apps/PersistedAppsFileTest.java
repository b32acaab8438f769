package dev.switchboard.server.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.app.AppRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistedAppsFileTest {

    @TempDir
    Path home;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void roundTripKeepsTheKeyCheckButNeverWritesTheKey() throws Exception {
        PersistedAppsFile file = new PersistedAppsFile(home.resolve("apps.json"), json);
        AppRegistration a = AppRegistration.create("com.a", "key-aaaa-secret", "http://127.0.0.1:1/a",
                Instant.parse("2026-01-01T00:00:00Z"));
        AppRegistration b = AppRegistration.create("com.b", "key-bbbb-secret", "https://apps.example/b",
                Instant.parse("2026-01-02T00:00:00Z"));

        assertThat(file.save(List.of(a, b))).isTrue();

        String text = Files.readString(file.path());
        assertThat(text).doesNotContain("key-aaaa-secret").doesNotContain("key-bbbb-secret")
                .contains("\"keyHash\"").contains("\"salt\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        List<AppRegistration> back = file.load();
        assertThat(back).extracting(AppRegistration::packageName).containsExactly("com.a", "com.b");
        assertThat(back.get(0).keyMatches("key-aaaa-secret")).isTrue();
        assertThat(back.get(0).keyMatches("key-bbbb-secret")).isFalse();
        assertThat(back.get(1).keyMatches("key-bbbb-secret")).isTrue();
        assertThat(back.get(1).webhookUrl()).isEqualTo("https://apps.example/b");
        assertThat(back.get(1).registeredAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void aMissingFileIsEmptyAndBrokenEntriesAreSkipped() throws Exception {
        PersistedAppsFile file = new PersistedAppsFile(home.resolve("apps.json"), json);
        assertThat(file.load()).isEmpty();
        Files.writeString(file.path(), "[not json");
        assertThat(file.load()).isEmpty();
        file.save(List.of(AppRegistration.create("com.a", "key-aaaa-secret", "http://h/a", Instant.now())));
        String good = json.readTree(file.path().toFile()).get("apps").get(0).toString();
        Files.writeString(file.path(), "{\"version\":1,\"apps\":[" + good
                + ",{\"packageName\":\"com.b\",\"salt\":\"short\",\"keyHash\":\"x\",\"webhookUrl\":\"http://h/b\","
                + "\"registeredAt\":\"2026-01-01T00:00:00Z\"},{\"packageName\":\"com.c\"}]}");
        assertThat(file.load()).extracting(AppRegistration::packageName).containsExactly("com.a");
    }
}
