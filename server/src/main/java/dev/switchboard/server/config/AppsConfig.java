package dev.switchboard.server.config;

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
 */
public record AppsConfig(Duration webhookTimeout, int webhookAttempts, Duration connectDeadline,
                         Duration reconnectGrace, int resurrectAttempts, int maxPendingMessages) {

    public static final AppsConfig DEFAULT = new AppsConfig(Duration.ofSeconds(10), 2, Duration.ofSeconds(5),
            Duration.ofSeconds(5), 2, 1000);

    public AppsConfig {
        Checks.positive("webhookTimeout", webhookTimeout);
        Checks.between("webhookAttempts", webhookAttempts, 1, 10, "1 and 10");
        Checks.positive("connectDeadline", connectDeadline);
        Checks.positive("reconnectGrace", reconnectGrace);
        Checks.between("resurrectAttempts", resurrectAttempts, 0, 10, "0 and 10");
        Checks.between("maxPendingMessages", maxPendingMessages, 0, 100_000, "0 and 100000");
    }
}
