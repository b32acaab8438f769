package dev.switchboard.core.cluster.memory;

import dev.switchboard.core.cluster.PairingRecord;
import dev.switchboard.core.cluster.PairingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pairings for one process. Thread-safe; {@link #join} is one atomic map update, so of many lines joining
 * the same code at once exactly one wins. Bounded by its owners: the pairing service limits open codes and
 * pairings per line and removes every entry when its pairing ends, its code expires or a line in it closes.
 */
public final class MemoryPairingStore implements PairingStore {

    private final ConcurrentMap<String, PairingRecord> byCode = new ConcurrentHashMap<>();

    @Override
    public boolean create(PairingRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.isPaired()) {
            throw new IllegalArgumentException("a new code must be open, was paired: " + record.code());
        }
        return byCode.putIfAbsent(record.code(), record) == null;
    }

    @Override
    public Optional<PairingRecord> join(String code, String joinerLineId, String joinerNode, Instant now) {
        Objects.requireNonNull(joinerLineId, "joinerLineId");
        Objects.requireNonNull(joinerNode, "joinerNode");
        Objects.requireNonNull(now, "now");
        if (code == null) {
            return Optional.empty();
        }
        PairingRecord[] joined = new PairingRecord[1];
        byCode.computeIfPresent(code, (c, record) -> {
            if (record.isPaired() || !now.isBefore(record.expiresAt())) {
                return record;
            }
            joined[0] = record.joinedBy(joinerLineId, joinerNode, now);
            return joined[0];
        });
        return Optional.ofNullable(joined[0]);
    }

    @Override
    public Optional<PairingRecord> get(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    @Override
    public Optional<PairingRecord> remove(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.remove(code));
    }

    @Override
    public Collection<PairingRecord> removeExpired(Instant now) {
        List<PairingRecord> removed = new ArrayList<>();
        for (Map.Entry<String, PairingRecord> entry : byCode.entrySet()) {
            PairingRecord record = entry.getValue();
            // Conditional remove: a join that won the race meanwhile replaced the value and keeps its pairing.
            if (!record.isPaired() && !now.isBefore(record.expiresAt()) && byCode.remove(entry.getKey(), record)) {
                removed.add(record);
            }
        }
        return removed;
    }

    @Override
    public Collection<PairingRecord> all() {
        return List.copyOf(byCode.values());
    }

    @Override
    public int size() {
        return byCode.size();
    }
}
