package dev.switchboard.core.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A map that cannot grow: at most {@code capacity} entries (the least recently used goes first), and an entry
 * not used for {@code ttl} is gone. Not thread-safe: its owner guards it (the resolver's lock).
 *
 * <p>An expired entry is invisible at once ({@link #get} treats it as absent) and physically removed by
 * {@link #sweep}, so correctness never depends on how often the sweep runs.
 */
final class ExpiringLruMap<K, V> {

    private static final class Entry<V> {
        V value;
        long lastUsedMillis;

        Entry(V value, Instant lastUsed) {
            this.value = value;
            this.lastUsedMillis = lastUsed.toEpochMilli();
        }
    }

    private final int capacity;
    private final long ttlMillis;
    private final LinkedHashMap<K, Entry<V>> entries;
    private long evictions;
    /**
     * The key last moved to the young end, or null when unknown. Touching it again needs no reordering: a
     * client that sends request after request (the common case) costs a lookup, not a remove and a re-insert.
     */
    private K youngest;

    ExpiringLruMap(int capacity, Duration ttl) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.ttlMillis = ttl.toMillis();
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, ExpiringLruMap.Entry<V>> eldest) {
                if (size() > ExpiringLruMap.this.capacity) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** The live value, its last use refreshed; null when absent or expired. */
    V get(K key, Instant now) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (expired(entry, now)) {
            remove(key);
            return null;
        }
        touch(key, entry, now);
        return entry.value;
    }

    /** The live value without counting as a use (no refresh, no reordering); null when absent or expired. */
    V peek(K key, Instant now) {
        Entry<V> entry = entries.get(key);
        // Insertion order is the use order (touch re-inserts), so a plain get here reorders nothing.
        return entry == null || expired(entry, now) ? null : entry.value;
    }

    void put(K key, V value, Instant now) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            entries.put(key, new Entry<>(value, now));
            youngest = key;
        } else {
            entry.value = value;
            touch(key, entry, now);
        }
    }

    private void touch(K key, Entry<V> entry, Instant now) {
        entry.lastUsedMillis = now.toEpochMilli();
        if (key.equals(youngest)) {
            return;
        }
        // Moves the entry to the young end: insertion order doubles as the LRU order.
        entries.remove(key);
        entries.put(key, entry);
        youngest = key;
    }

    V remove(K key) {
        if (key.equals(youngest)) {
            youngest = null;
        }
        Entry<V> entry = entries.remove(key);
        return entry == null ? null : entry.value;
    }

    /** Removes every expired entry; returns how many went. */
    int sweep(Instant now) {
        int removed = 0;
        for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
                removed++;
            }
        }
        if (removed > 0) {
            youngest = null;
        }
        return removed;
    }

    /** Live entries, least recently used first. */
    void forEachLive(Instant now, BiConsumer<K, V> action) {
        List<Map.Entry<K, Entry<V>>> snapshot = new ArrayList<>(entries.entrySet());
        for (Map.Entry<K, Entry<V>> e : snapshot) {
            if (!expired(e.getValue(), now)) {
                action.accept(e.getKey(), e.getValue().value);
            }
        }
    }

    void removeIf(java.util.function.BiPredicate<K, V> condition) {
        if (entries.entrySet().removeIf(e -> condition.test(e.getKey(), e.getValue().value))) {
            youngest = null;
        }
    }

    int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }

    long evictions() {
        return evictions;
    }

    private boolean expired(Entry<V> entry, Instant now) {
        return now.toEpochMilli() - entry.lastUsedMillis >= ttlMillis;
    }
}
