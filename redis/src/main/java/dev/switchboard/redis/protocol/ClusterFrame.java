package dev.switchboard.redis.protocol;

import dev.switchboard.core.cluster.Envelope;
import dev.switchboard.core.cluster.PresenceRecord;

/** What one node tells another over pub/sub. */
public sealed interface ClusterFrame permits ClusterFrame.Publish, ClusterFrame.Ack, ClusterFrame.Evict,
        ClusterFrame.Close {

    /**
     * A published message for the receiving node's lines.
     *
     * @param publishId the sender's id for this publish, echoed in the {@link Ack}
     * @param ackWanted whether the sender waits for an {@link Ack} with the receiver's count
     */
    record Publish(long publishId, boolean ackWanted, Envelope envelope) implements ClusterFrame {
    }

    /** How many of {@code node}'s lines took publish {@code publishId}. */
    record Ack(long publishId, String node, int delivered) implements ClusterFrame {
    }

    /** The device of {@code lost} now belongs to another line: the receiving node closes {@code lost.lineId()}. */
    record Evict(PresenceRecord lost) implements ClusterFrame {
    }

    /** An operator on another node asks the receiving node to close line {@code lineId} with this close code. */
    record Close(String lineId, int code, String text) implements ClusterFrame {
    }
}
