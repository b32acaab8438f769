package dev.switchboard.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.AppsConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apps registered through the API or the control socket are in {@code apps.json} and survive a restart. */
class AppRegistrationRestartIT {

    private static final String PKG = "com.example.notes";
    private static final String KEY = "notes-secret-key";
    private static final String OTHER = "com.example.captions";
    private static final String OTHER_KEY = "captions-secret-key";

    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path home;
    private TestGateway gateway;
    private WebhookServer webhook;

    @BeforeEach
    void webhook() throws Exception {
        webhook = new WebhookServer();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        webhook.close();
    }

    private void start(Path appsFile) throws Exception {
        AppsConfig apps = new AppsConfig(Duration.ofSeconds(2), 1, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 100);
        gateway = TestGateway.start(home, c -> c.withApps(appsFile == null ? apps : apps.withFile(appsFile)));
    }

    private void restart(Path appsFile) throws Exception {
        gateway.close();
        gateway = null;
        start(appsFile);
    }

    private String registerBody(String packageName, String key) {
        return "{\"packageName\":\"" + packageName + "\",\"apiKey\":\"" + key + "\",\"webhookUrl\":\"" + webhook.url()
                + "\"}";
    }

    /** Starts the app for a fresh device session and inits an app line with {@code key}: the first frame back. */
    private JsonNode initWith(String user, String packageName, String key) throws Exception {
        try (Device glasses = new Device(gateway, user, "glasses-" + user)) {
            glasses.start(packageName);
            glasses.state(packageName, "CONNECTING");
            String url = "ws://127.0.0.1:" + gateway.port() + "/app-ws";
            AppClient app = AppClient.init(url, glasses.sessionId, packageName, key);
            try {
                return app.nextAny();
            } finally {
                app.close();
            }
        }
    }

    @Test
    void appsRegisteredThroughApiAndControlStillAuthenticateAfterARestart() throws Exception {
        start(null);
        HttpResponse<String> created = gateway.api("POST", "/api/v1/apps", registerBody(PKG, KEY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")))) {
            control.call("app.register", Map.of("packageName", OTHER, "apiKey", OTHER_KEY, "webhookUrl",
                    webhook.url()));
        }
        Path file = home.resolve("apps.json");
        assertThat(Files.readString(file)).contains(PKG).contains(OTHER).doesNotContain(KEY).doesNotContain(OTHER_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        restart(null);

        JsonNode listing = json.readTree(gateway.api("GET", "/api/v1/apps", null).body());
        assertThat(listing.get("total").asInt()).isEqualTo(2);
        assertThat(initWith("alice", PKG, KEY).get("type").asText()).isEqualTo("app_connection_ack");
        assertThat(initWith("bob", OTHER, OTHER_KEY).get("type").asText()).isEqualTo("app_connection_ack");
        JsonNode wrong = initWith("carol", PKG, OTHER_KEY);
        assertThat(wrong.get("type").asText()).isEqualTo("app_connection_error");
        assertThat(wrong.get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void aKeyRotatedAtRuntimeWinsOverTheConfiguredFileAfterARestart() throws Exception {
        Path configured = home.resolve("apps-config.json");
        Files.createDirectories(home);
        Files.writeString(configured, "[" + registerBody(PKG, "configured-old-key") + "]");
        start(configured);
        assertThat(Files.exists(home.resolve("apps.json"))).as("apps.file entries are not copied").isFalse();
        HttpResponse<String> rotated = gateway.api("POST", "/api/v1/apps", registerBody(PKG, KEY));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

        restart(configured);

        assertThat(initWith("dave", PKG, KEY).get("type").asText()).isEqualTo("app_connection_ack");
        JsonNode old = initWith("erin", PKG, "configured-old-key");
        assertThat(old.get("code").asText()).as("a restart must not bring a rotated key back")
                .isEqualTo("invalid_api_key");
    }

    @Test
    void appsFileNamingThePersistedFileIsRefused() throws Exception {
        Files.createDirectories(home);
        Path clash = Files.writeString(home.resolve("apps.json"), "[" + registerBody(PKG, KEY) + "]");
        assertThatThrownBy(() -> start(clash)).hasMessageContaining("apps.file").hasMessageContaining("apps-config");
        assertThat(Files.readString(clash)).as("the operator's file is left alone").contains(KEY);
    }
}
