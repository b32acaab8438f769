package dev.switchboard.core.cluster.memory;

import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.cluster.PresenceStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Presence for one process. Bounded by its owners: every entry is released when its line closes. */
public final class MemoryPresenceStore implements PresenceStore {

    private final ConcurrentMap<String, PresenceRecord> byDevice = new ConcurrentHashMap<>();

    @Override
    public Optional<PresenceRecord> claim(PresenceRecord record) {
        return Optional.ofNullable(byDevice.putIfAbsent(record.deviceId(), record));
    }

    @Override
    public Optional<PresenceRecord> takeOver(PresenceRecord record) {
        return Optional.ofNullable(byDevice.put(record.deviceId(), record));
    }

    @Override
    public boolean release(PresenceRecord record) {
        return byDevice.remove(record.deviceId(), record);
    }

    @Override
    public Optional<PresenceRecord> holder(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId));
    }

    @Override
    public int size() {
        return byDevice.size();
    }
}
