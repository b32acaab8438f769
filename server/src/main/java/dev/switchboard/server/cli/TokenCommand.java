package dev.switchboard.server.cli;

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

    @Mixin
    DeviceIdentity identity;

    @Option(names = "--device-version", paramLabel = "V", description = "Optional device_version claim.")
    String deviceVersion;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Lifetime, e.g. 30s, 15m, 1h, 7d (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
        System.out.println(identity.mintToken(options.load(Map.of()).config(), deviceVersion, ttl));
        return 0;
    }
}
