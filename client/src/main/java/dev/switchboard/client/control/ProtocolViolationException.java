package dev.switchboard.client.control;

import java.io.IOException;

/** The daemon sent bytes the client cannot read; the connection is no longer trustworthy and is closed. */
final class ProtocolViolationException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolViolationException(String message) {
        super(message);
    }

    ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
