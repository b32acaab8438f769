package dev.switchboard.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Third-party apps started by webhook for a user session.
 *
 * @param webhookTimeout     how long one webhook call may take
 * @param webhookAttempts    attempts per webhook call, 1..10
 * @param connectDeadline    how long a started app has to connect to /app-ws and send its init
 * @param reconnectGrace     how long a dropped app may reconnect before it is resurrected
 * @param resurrectAttempts  new session_request webhooks for an app that did not come back, 0..10
 * @param maxPendingMessages messages kept for an app while it reconnects, 0..100000
 * @param websocketUrl       the {@code ws://}/{@code wss://} URL apps are told to connect to in session_request;
 *                           null: {@code ws://<host>:<port>/app-ws} of this node
 * @param file               a JSON file of apps registered at start ({@code [{"packageName","apiKey",
 *                           "webhookUrl"}]}); null: none
 */
public record AppsConfig(Duration webhookTimeout, int webhookAttempts, Duration connectDeadline,
                         Duration reconnectGrace, int resurrectAttempts, int maxPendingMessages,
                         String websocketUrl, Path file) {

    public static final AppsConfig DEFAULT = new AppsConfig(Duration.ofSeconds(10), 2, Duration.ofSeconds(5),
            Duration.ofSeconds(5), 2, 1000);

    public AppsConfig {
        Checks.positive("webhookTimeout", webhookTimeout);
        Checks.between("webhookAttempts", webhookAttempts, 1, 10, "1 and 10");
        Checks.positive("connectDeadline", connectDeadline);
        Checks.positive("reconnectGrace", reconnectGrace);
        Checks.between("resurrectAttempts", resurrectAttempts, 0, 10, "0 and 10");
        Checks.between("maxPendingMessages", maxPendingMessages, 0, 100_000, "0 and 100000");
        if (websocketUrl != null && !isWebSocketUrl(websocketUrl)) {
            throw ConfigException.invalid("websocketUrl", websocketUrl, "an absolute ws:// or wss:// URL");
        }
        Checks.readableFile("file", file);
    }

    /** Timers and bounds only; the URL is derived and no file is read. */
    public AppsConfig(Duration webhookTimeout, int webhookAttempts, Duration connectDeadline, Duration reconnectGrace,
                      int resurrectAttempts, int maxPendingMessages) {
        this(webhookTimeout, webhookAttempts, connectDeadline, reconnectGrace, resurrectAttempts, maxPendingMessages,
                null, null);
    }

    public AppsConfig withFile(Path newFile) {
        return new AppsConfig(webhookTimeout, webhookAttempts, connectDeadline, reconnectGrace, resurrectAttempts,
                maxPendingMessages, websocketUrl, newFile);
    }

    private static boolean isWebSocketUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && ("ws".equalsIgnoreCase(uri.getScheme())
                    || "wss".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
