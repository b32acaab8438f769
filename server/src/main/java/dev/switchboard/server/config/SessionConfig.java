package dev.switchboard.server.config;

import java.time.Duration;

/**
 * User sessions: how long a dropped device may come back, and how much it can catch up on.
 *
 * @param resumeGrace       how long a session outlives an unexpected drop of its device line
 * @param replayMaxMessages messages a session keeps for replay, 0..1000000
 * @param replayMaxBytes    bytes a session keeps for replay, 0 B..1 GiB
 */
public record SessionConfig(Duration resumeGrace, int replayMaxMessages, long replayMaxBytes) {

    public static final SessionConfig DEFAULT = new SessionConfig(Duration.ofSeconds(60), 1000, 1024 * 1024);

    public SessionConfig {
        Checks.positive("resumeGrace", resumeGrace);
        Checks.between("replayMaxMessages", replayMaxMessages, 0, 1_000_000, "0 and 1000000");
        Checks.size("replayMaxBytes", replayMaxBytes, 0, 1024L * 1024 * 1024);
    }

    public dev.switchboard.core.session.SessionSettings settings() {
        return new dev.switchboard.core.session.SessionSettings(resumeGrace, replayMaxMessages, replayMaxBytes);
    }
}
