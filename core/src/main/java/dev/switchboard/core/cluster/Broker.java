package dev.switchboard.core.cluster;

/**
 * Carries published messages to every node, this one included. The hub publishes only through its broker,
 * so a single node and a cluster take the same path.
 */
public interface Broker {

    /** Receives envelopes on one node and answers how many of its lines took the message. */
    @FunctionalInterface
    interface Subscriber {
        int onEnvelope(Envelope envelope);
    }

    /** Ends a subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Hands the envelope to every subscribed node.
     *
     * @return the number of lines it reached, where the broker can know it (a remote broker may only
     *     count this node's lines)
     */
    int publish(Envelope envelope);

    Subscription subscribe(String nodeId, Subscriber subscriber);

    /**
     * Asks the node named in {@code holder} to close that line (an operator's disconnect made on another node).
     *
     * @return whether the request reached that node; false where there are no other nodes (the default)
     */
    default boolean closeRemote(PresenceRecord holder, dev.switchboard.core.hub.CloseReason reason) {
        return false;
    }
}
