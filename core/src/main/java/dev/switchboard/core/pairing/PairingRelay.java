package dev.switchboard.core.pairing;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay path of the pairing service: finds the sender's pairing and hands the payload to the peer's
 * executor. Takes no lock; reads only the sender's published {@link LineState} and the hub.
 *
 * <p>Order: one sender's relays are submitted from its own executor, one after another, to the peer's
 * executor, which runs them in that order. A relay that runs after the peer was told the pairing ended (or
 * after the peer's line closed) is refused with PEER_GONE to the sender instead of being delivered.
 */
final class PairingRelay {

    static final String PEER_GONE_TEXT = "the peer has left; the message was not delivered";
    private static final Logger log = LoggerFactory.getLogger(PairingRelay.class);
    private static final Link[] NO_LINKS = new Link[0];

    private final Map<String, LineState> lines;
    private final Hub hub;
    private final PairingNotifier notifier;
    private final PairingMeters meters;

    PairingRelay(Map<String, LineState> lines, Hub hub, PairingNotifier notifier, PairingMeters meters) {
        this.lines = lines;
        this.hub = hub;
        this.notifier = notifier;
        this.meters = meters;
    }

    void relay(Line line, String pairingCode, byte[] body, boolean binary) {
        Link link = resolve(line, lines.get(line.id()), pairingCode, binary);
        if (link == null) {
            return;
        }
        String code = link.code;
        Line peer = hub.line(link.peerLineId).orElse(null);
        if (peer == null || peer.closeReason() != null) {
            refuse(line, code, PairingErrors.PEER_GONE, PEER_GONE_TEXT);
            return;
        }
        Link peerSide = link.peer;
        PairingEvents events = notifier.events();
        notifier.send(peer, () -> {
            // On the peer's executor: after the peer was told the pairing ended, nothing more reaches it.
            if (peerSide.over) {
                refuse(line, code, PairingErrors.PEER_GONE, PEER_GONE_TEXT);
                return;
            }
            meters.relayedMessages.increment();
            meters.relayedBytes.increment(body.length);
            if (binary) {
                events.binary(peer, code, body);
            } else {
                events.data(peer, code, body);
            }
        });
    }

    /** The pairing the message is for, or null after telling the sender why there is none. */
    private Link resolve(Line line, LineState state, String pairingCode, boolean binary) {
        Link[] links = state == null ? NO_LINKS : state.links();
        if (pairingCode == null) {
            if (links.length == 1) {
                return links[0];
            }
            if (links.length > 1) {
                refuse(line, null, PairingErrors.AMBIGUOUS_PAIRING, binary
                        ? "binary frames need exactly one pairing; this line is in " + links.length
                        : "this line is in " + links.length + " pairings; name one with its code");
            } else if (state != null && state.anyGone()) {
                refuse(line, null, PairingErrors.PEER_GONE, PEER_GONE_TEXT);
            } else {
                refuse(line, null, PairingErrors.NOT_PAIRED, "this line is not paired");
            }
            return null;
        }
        String code = PairingCodes.normalise(pairingCode);
        for (Link link : links) {
            if (link.code.equals(code)) {
                return link;
            }
        }
        if (state != null && state.isGone(code)) {
            refuse(line, code, PairingErrors.PEER_GONE, PEER_GONE_TEXT);
        } else {
            refuse(line, code, PairingErrors.NOT_PAIRED, "this line is not in pairing " + code);
        }
        return null;
    }

    private void refuse(Line line, String code, String errorCode, String text) {
        meters.refused(errorCode);
        log.debug("line {}: relay refused, {}", line.id(), errorCode);
        notifier.error(line, code, errorCode, text);
    }
}
