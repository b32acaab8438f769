package dev.switchboard.core.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How sessions behave; built from the server's {@code sessions} configuration.
 *
 * @param resumeGrace       how long a session outlives an unexpected drop of its device line
 * @param replayMaxMessages frames a session keeps for replay
 * @param replayMaxBytes    bytes a session keeps for replay
 */
public record SessionSettings(Duration resumeGrace, int replayMaxMessages, long replayMaxBytes) {

    public SessionSettings {
        Objects.requireNonNull(resumeGrace, "resumeGrace");
        if (resumeGrace.isNegative() || resumeGrace.isZero()) {
            throw new IllegalArgumentException("resumeGrace must be positive");
        }
        if (replayMaxMessages < 0 || replayMaxBytes < 0) {
            throw new IllegalArgumentException("replay bounds must be >= 0");
        }
    }
}
