package dev.switchboard.client.control;

import java.nio.file.Path;

/**
 * No daemon listens on the control socket: the socket file is missing, or it is left over and nobody
 * answers on it. The message is exactly {@code no daemon at PATH; start one with ./switchboard serve},
 * which the CLI prints as it is.
 */
public final class ControlUnavailableException extends ControlException {
    private static final long serialVersionUID = 1L;

    private final transient Path socketPath;

    public ControlUnavailableException(Path socketPath) {
        this(socketPath, null);
    }

    public ControlUnavailableException(Path socketPath, Throwable cause) {
        super(message(socketPath), cause);
        this.socketPath = socketPath;
    }

    /** The exact text every door prints when no daemon runs. */
    public static String message(Path socketPath) {
        return "no daemon at " + socketPath + "; start one with ./switchboard serve";
    }

    public Path socketPath() {
        return socketPath;
    }
}
