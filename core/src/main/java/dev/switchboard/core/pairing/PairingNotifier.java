package dev.switchboard.core.pairing;

import dev.switchboard.core.hub.Line;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every {@link PairingEvents} call as a task on the executor of the line it is for, also when that is
 * the line whose request is being handled: tasks for one line then run in the order the service submitted
 * them, whichever thread submitted them. A failing call is logged and does not disturb the others.
 */
final class PairingNotifier {

    private static final Logger log = LoggerFactory.getLogger(PairingNotifier.class);

    private final PairingEvents events;

    PairingNotifier(PairingEvents events) {
        this.events = events;
    }

    PairingEvents events() {
        return events;
    }

    void codeCreated(Line line, String code, Instant expiresAt) {
        send(line, () -> events.codeCreated(line, code, expiresAt));
    }

    void paired(Line line, String code, Line peer) {
        send(line, () -> events.paired(line, code, peer));
    }

    /** For an open code: no relay can be in flight. */
    void ended(Line line, String code, String reason) {
        send(line, () -> events.ended(line, code, reason));
    }

    /** For a pairing: marks the line's side over on its executor, so relays queued behind are refused. */
    void ended(Line line, Link side, String reason) {
        send(line, () -> {
            side.over = true;
            events.ended(line, side.code, reason);
        });
    }

    void endedWhileAway(Line line, String code, String reason) {
        send(line, () -> events.endedWhileAway(line, code, reason));
    }

    void error(Line line, String code, String errorCode, String text) {
        send(line, () -> events.error(line, code, errorCode, text));
    }

    void send(Line target, Runnable notice) {
        try {
            target.executor().execute(() -> {
                try {
                    notice.run();
                } catch (RuntimeException e) {
                    log.warn("pairing notice to line {} failed", target.id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("line {} takes no more tasks; pairing notice not sent", target.id());
        }
    }
}
