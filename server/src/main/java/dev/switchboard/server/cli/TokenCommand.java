package dev.switchboard.server.cli;

import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.server.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code token}: mints a device token with the gateway's own secret and prints it alone on stdout. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Mint an HS256 device token with the configured (or generated) secret.",
                "Prints the token alone on stdout, e.g.: TOKEN=$(./switchboard token --user alice --device phone)"})
final class TokenCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--user", required = true, paramLabel = "U", description = "User id (sub claim).")
    String user;

    @Option(names = "--device", required = true, paramLabel = "D", description = "Device id (device_id claim).")
    String device;

    @Option(names = "--device-version", paramLabel = "V", description = "Optional device_version claim.")
    String deviceVersion;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Lifetime, e.g. 30s, 15m, 1h, 7d (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
        byte[] secret = Credentials.signingSecret(options.load(Map.of()).config());
        System.out.println(new TokenMinter(secret, Clock.systemUTC()).mint(user, device, deviceVersion, ttl));
        return 0;
    }
}
