package dev.switchboard.core.hub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A set of lines kept sharded by executor, so that a publish to the group costs one task per executor
 * (per Netty event loop) rather than one per line, with no lock on the delivery path.
 */
final class LineGroup {

    private final Map<Executor, Set<Line>> byExecutor = new ConcurrentHashMap<>();

    void add(Line line) {
        byExecutor.computeIfAbsent(line.executor(), e -> ConcurrentHashMap.newKeySet()).add(line);
    }

    void remove(Line line) {
        Set<Line> shard = byExecutor.get(line.executor());
        if (shard != null) {
            shard.remove(line);
        }
        // Empty shards stay: there is at most one per executor, a fixed, small number.
    }

    boolean isEmpty() {
        for (Set<Line> shard : byExecutor.values()) {
            if (!shard.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    int size() {
        int size = 0;
        for (Set<Line> shard : byExecutor.values()) {
            size += shard.size();
        }
        return size;
    }

    /**
     * Submits one task per executor that delivers the message to that executor's lines.
     *
     * @return the number of lines the message was handed to
     */
    int deliver(Message message) {
        int handed = 0;
        for (Map.Entry<Executor, Set<Line>> entry : byExecutor.entrySet()) {
            Set<Line> shard = entry.getValue();
            int count = shard.size();
            if (count == 0) {
                continue;
            }
            handed += count;
            entry.getKey().execute(() -> {
                for (Line line : shard) {
                    line.deliver(message);
                }
            });
        }
        return handed;
    }
}
