package dev.switchboard.server.config;

import java.time.Duration;

/**
 * The control socket (a Unix socket at {@code $SWITCHBOARD_HOME/control.sock}) and the health report.
 *
 * @param healthInterval how often health is gathered and written to the health file, 1s..10m
 * @param silenceTimeout a control connection that sends nothing this long after connecting is closed
 * @param maxPayload     largest binary payload or JSON-RPC line, 1KiB..64MiB
 * @param tcpPort        optional loopback TCP listener for the control protocols (first call must
 *                       authenticate with the API key): -1 (default) is off, 0 picks a free port
 */
public record ControlConfig(Duration healthInterval, Duration silenceTimeout, long maxPayload, int tcpPort) {

    public static final int TCP_OFF = -1;
    public static final ControlConfig DEFAULT =
            new ControlConfig(Duration.ofSeconds(10), Duration.ofSeconds(5), 1024 * 1024, TCP_OFF);

    public ControlConfig {
        Checks.positive("healthInterval", healthInterval);
        if (healthInterval.compareTo(Duration.ofSeconds(1)) < 0 || healthInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw ConfigException.invalid("healthInterval", healthInterval, "must be between 1s and 10m");
        }
        Checks.positive("silenceTimeout", silenceTimeout);
        Checks.size("maxPayload", maxPayload, 1024, 64L * 1024 * 1024);
        if (tcpPort != TCP_OFF) {
            Checks.port("tcpPort", tcpPort);
        }
    }

    public boolean tcpEnabled() {
        return tcpPort != TCP_OFF;
    }
}
