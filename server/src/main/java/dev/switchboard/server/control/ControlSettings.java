package dev.switchboard.server.control;

import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.config.ControlConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the control socket behaves.
 *
 * @param silenceTimeout a new connection that sends nothing recognisable this long is closed
 * @param maxPayload     largest binary frame payload, in both directions
 * @param maxLineLength  largest JSON-RPC line; a little over maxPayload so a maximal payload fits with its envelope
 * @param tcpPort        the loopback TCP listener's port: {@link ControlConfig#TCP_OFF} (-1) is off, 0 picks one
 * @param apiKey         the key the TCP listener's first call must carry ({@code system.auth}); needed when it is on
 */
public record ControlSettings(Duration silenceTimeout, int maxPayload, int maxLineLength, int tcpPort, String apiKey) {

    /** Room for the JSON-RPC envelope around a maximal payload. */
    static final int LINE_ALLOWANCE = 64 * 1024;
    public static final ControlSettings DEFAULT = new ControlSettings(Duration.ofSeconds(5),
            ControlWire.DEFAULT_MAX_PAYLOAD, ControlWire.DEFAULT_MAX_PAYLOAD + LINE_ALLOWANCE, ControlConfig.TCP_OFF,
            null);

    public ControlSettings {
        Objects.requireNonNull(silenceTimeout, "silenceTimeout");
        if (silenceTimeout.isNegative() || silenceTimeout.isZero()) {
            throw new IllegalArgumentException("silenceTimeout must be positive, was " + silenceTimeout);
        }
        if (maxPayload < 1024) {
            throw new IllegalArgumentException("maxPayload must be at least 1024, was " + maxPayload);
        }
        if (maxLineLength < 1024) {
            throw new IllegalArgumentException("maxLineLength must be at least 1024, was " + maxLineLength);
        }
        if (tcpPort != ControlConfig.TCP_OFF && (tcpPort < 0 || tcpPort > 65_535)) {
            throw new IllegalArgumentException("tcpPort must be -1 (off) or 0..65535, was " + tcpPort);
        }
        if (tcpPort != ControlConfig.TCP_OFF && (apiKey == null || apiKey.isEmpty())) {
            throw new IllegalArgumentException("the TCP control listener needs an API key");
        }
    }

    /** The settings a node's configuration asks for. */
    public static ControlSettings from(ControlConfig config, String apiKey) {
        int maxPayload = Math.toIntExact(config.maxPayload());
        return new ControlSettings(config.silenceTimeout(), maxPayload, maxPayload + LINE_ALLOWANCE, config.tcpPort(),
                apiKey);
    }

    public ControlSettings withSilenceTimeout(Duration timeout) {
        return new ControlSettings(timeout, maxPayload, maxLineLength, tcpPort, apiKey);
    }

    public ControlSettings withLimits(int newMaxPayload, int newMaxLineLength) {
        return new ControlSettings(silenceTimeout, newMaxPayload, newMaxLineLength, tcpPort, apiKey);
    }

    /** The same settings with the loopback TCP listener on (port 0: any free port). */
    public ControlSettings withTcp(int port, String key) {
        return new ControlSettings(silenceTimeout, maxPayload, maxLineLength, port, key);
    }

    public boolean tcpEnabled() {
        return tcpPort != ControlConfig.TCP_OFF;
    }
}
