package dev.switchboard.server.cli;

import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.server.Credentials;
import dev.switchboard.server.config.SwitchboardConfig;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The device a command acts as ({@code --user}, {@code --device}), and the token that proves it. */
final class DeviceIdentity {

    @Option(names = "--user", required = true, paramLabel = "U", description = "User id (sub claim).")
    String user;

    @Option(names = "--device", required = true, paramLabel = "D", description = "Device id (device_id claim).")
    String device;

    /** A token signed with the gateway's own secret, as the daemon will verify it. */
    String mintToken(SwitchboardConfig config, String deviceVersion, Duration ttl) {
        return new TokenMinter(Credentials.signingSecret(config), Clock.systemUTC()).mint(user, device, deviceVersion, ttl);
    }
}
