package dev.switchboard.core.app;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@link AppService} needs to know; built by the server from its {@code apps} configuration.
 *
 * @param connectDeadline    how long a started app has, after its webhook was accepted, to connect and init
 * @param reconnectGrace     how long a dropped app may reconnect before it is resurrected
 * @param resurrectAttempts  new session_request webhooks for an app that did not come back
 * @param maxPendingMessages messages held for an app while it is away; the oldest go first when full
 * @param maxAppsPerSession  apps running at once in one user session
 * @param maxSubscriptions   streams one app may subscribe to
 * @param websocketUrl       where apps connect ({@code ws://host:port/app-ws}), told in every session_request;
 *                           a supplier because the port is known only once the gateway is bound
 */
public record AppSettings(Duration connectDeadline, Duration reconnectGrace, int resurrectAttempts,
                          int maxPendingMessages, int maxAppsPerSession, int maxSubscriptions,
                          Supplier<String> websocketUrl) {

    public static final int DEFAULT_MAX_APPS_PER_SESSION = 32;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 64;
}
