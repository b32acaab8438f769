package dev.switchboard.server.cli;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.LoadedConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares to find the configuration, so all commands resolve it alike. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $SWITCHBOARD_CONFIG, else ./switchboard.yaml if present).")
    Path configFile;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Home directory for secrets, sockets and state (default: $SWITCHBOARD_HOME or ~/.switchboard).")
    String home;

    /** Loads defaults, file, environment and the given flags, later winning. */
    LoadedConfig load(Map<String, String> moreFlags) {
        Map<String, String> flags = new LinkedHashMap<>(moreFlags);
        if (home != null) {
            flags.put("home", home);
        }
        Path file = configFile;
        String fromEnv = System.getenv("SWITCHBOARD_CONFIG");
        if (file == null && fromEnv != null && !fromEnv.isBlank()) {
            file = Path.of(fromEnv).toAbsolutePath();
            if (!java.nio.file.Files.exists(file)) {
                throw dev.switchboard.server.config.ConfigException.general(
                        "Config file " + file + " (from SWITCHBOARD_CONFIG) does not exist", null);
            }
        }
        return ConfigLoader.loadDetailed(file, System.getenv(), flags, Path.of("").toAbsolutePath());
    }
}
