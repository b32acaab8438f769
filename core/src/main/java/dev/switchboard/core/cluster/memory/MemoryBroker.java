package dev.switchboard.core.cluster.memory;

import dev.switchboard.core.cluster.Broker;
import dev.switchboard.core.cluster.Envelope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker inside one process: publishing calls each subscribed node directly. Several hubs sharing one
 * instance behave like a cluster, which is how the cluster paths are tested without Redis.
 */
public final class MemoryBroker implements Broker {

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();

    @Override
    public int publish(Envelope envelope) {
        int reached = 0;
        for (Subscriber subscriber : subscribers.values()) {
            reached += subscriber.onEnvelope(envelope);
        }
        return reached;
    }

    @Override
    public Subscription subscribe(String nodeId, Subscriber subscriber) {
        if (subscribers.putIfAbsent(nodeId, subscriber) != null) {
            throw new IllegalStateException("node " + nodeId + " is already subscribed");
        }
        return () -> subscribers.remove(nodeId, subscriber);
    }
}
