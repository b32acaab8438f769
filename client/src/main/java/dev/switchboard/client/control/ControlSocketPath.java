package dev.switchboard.client.control;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the control socket lives. The daemon, the CLI and the Java client all resolve it here, so they can
 * never disagree: {@code $SWITCHBOARD_HOME/control.sock}, home defaulting to {@code ~/.switchboard}.
 */
public final class ControlSocketPath {

    public static final String FILE_NAME = "control.sock";
    public static final String HOME_ENV = "SWITCHBOARD_HOME";

    private ControlSocketPath() {
    }

    /** The socket inside a known home directory (the daemon's configured home). */
    public static Path in(Path home) {
        return home.toAbsolutePath().normalize().resolve(FILE_NAME);
    }

    /** The home directory from the environment: {@code SWITCHBOARD_HOME}, else {@code ~/.switchboard}. */
    public static Path defaultHome(Map<String, String> env) {
        String home = env.get(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return expandTilde(home.trim());
        }
        return Path.of(System.getProperty("user.home"), ".switchboard");
    }

    /** The socket a client should use when nothing more specific is known. */
    public static Path resolve(Map<String, String> env) {
        return in(defaultHome(env));
    }

    private static Path expandTilde(String path) {
        if (path.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.substring(2));
        }
        return Path.of(path);
    }
}
