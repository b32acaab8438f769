package dev.switchboard.core.pairing;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one line holds in the pairing service: its open codes, the pairings it is in and the codes whose
 * peer went away (so that data sent afterwards is answered PEER_GONE rather than NOT_PAIRED).
 *
 * <p>Owned by its line (removed when the line closes) and bounded by the per-line limits. Changed only under
 * the service's lock; {@link #links()} and the gone codes are also read without it on the relay path, so
 * they are published as immutable arrays through volatile fields.
 */
final class LineState {

    private static final Link[] NO_LINKS = new Link[0];
    private static final String[] NO_CODES = new String[0];

    /** Open codes and when each expires; guarded by the service lock. */
    final Map<String, Instant> openCodes = new LinkedHashMap<>(4);
    private volatile Link[] links = NO_LINKS;
    private volatile String[] gone = NO_CODES;

    Link[] links() {
        return links;
    }

    int linkCount() {
        return links.length;
    }

    Link link(String code) {
        for (Link link : links) {
            if (link.code.equals(code)) {
                return link;
            }
        }
        return null;
    }

    void addLink(Link link) {
        Link[] grown = Arrays.copyOf(links, links.length + 1);
        grown[links.length] = link;
        links = grown;
    }

    /** Removes and returns the link for {@code code}, or null. */
    Link removeLink(String code) {
        Link[] current = links;
        for (int i = 0; i < current.length; i++) {
            if (current[i].code.equals(code)) {
                Link[] shrunk = new Link[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                links = shrunk;
                return current[i];
            }
        }
        return null;
    }

    boolean isGone(String code) {
        for (String c : gone) {
            if (c.equals(code)) {
                return true;
            }
        }
        return false;
    }

    boolean anyGone() {
        return gone.length > 0;
    }

    /** Remembers that {@code code}'s peer went away; keeps at most {@code cap} codes, the newest. */
    void markGone(String code, int cap) {
        String[] current = gone;
        int keep = Math.min(current.length, cap - 1);
        String[] next = new String[keep + 1];
        System.arraycopy(current, current.length - keep, next, 0, keep);
        next[keep] = code;
        gone = next;
    }

    void clearGone() {
        gone = NO_CODES;
    }

    boolean isEmpty() {
        return openCodes.isEmpty() && links.length == 0 && gone.length == 0;
    }
}
