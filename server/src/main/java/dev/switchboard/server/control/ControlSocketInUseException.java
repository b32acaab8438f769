package dev.switchboard.server.control;

import java.io.IOException;
import java.nio.file.Path;

/** Start-up refused: a live daemon already answers on the control socket path. */
public final class ControlSocketInUseException extends IOException {

    private static final long serialVersionUID = 1L;

    public ControlSocketInUseException(Path path) {
        super("another Switchboard daemon is already running on " + path
                + " (stop it, or use --home to run a second one)");
    }
}
