package dev.switchboard.core.cluster;

import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import java.util.Objects;

/** A published message travelling between nodes: where it goes, what it is, and which node sent it. */
public record Envelope(Target target, Message message, String originNode) {

    public Envelope {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(originNode, "originNode");
    }
}
