package dev.switchboard.core.routing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The registered dev servers and whether each is live. Reads (every proxied request) take an immutable
 * snapshot without locking; changes are rare and serialised.
 *
 * <p>Registering the address ({@code host:port}) of an existing entry updates that entry and keeps its id,
 * so a dev server that restarts and registers again is the same upstream to every client and cable.
 * Registering also makes the entry live again.
 */
public final class UpstreamRegistry {

    /** What changed: the full list after the change, for whoever persists it. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(List<UpstreamStatus> upstreams);
    }

    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final int MAX_UPSTREAMS = 1024;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();
    private volatile List<UpstreamStatus> snapshot = List.of();
    /** Derived from {@link #snapshot} at each change, so a resolution neither filters nor sorts. */
    private volatile List<Upstream> liveByRecency = List.of();

    public UpstreamRegistry(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers or updates the entry at this address; it is live from now on. */
    public UpstreamStatus register(UpstreamSpec spec) {
        Objects.requireNonNull(spec, "spec");
        UpstreamStatus result;
        synchronized (this) {
            List<UpstreamStatus> next = new ArrayList<>(snapshot);
            int index = indexOfAddress(next, spec.address());
            Instant now = clock.instant();
            if (index >= 0) {
                Upstream old = next.get(index).upstream();
                result = new UpstreamStatus(new Upstream(old.id(), spec.host(), spec.port(), spec.root(),
                        spec.bundleId(), spec.name(), now), true);
                next.set(index, result);
            } else {
                if (next.size() >= MAX_UPSTREAMS) {
                    throw new IllegalStateException("at most " + MAX_UPSTREAMS + " upstreams can be registered");
                }
                result = new UpstreamStatus(new Upstream(freshId(next), spec.host(), spec.port(), spec.root(),
                        spec.bundleId(), spec.name(), now), true);
                next.add(result);
            }
            publish(next);
        }
        fireChanged();
        return result;
    }

    /** Puts back an entry as it was persisted (same id and registration time), live. Used on start. */
    public UpstreamStatus restore(Upstream upstream) {
        Objects.requireNonNull(upstream, "upstream");
        UpstreamStatus result = new UpstreamStatus(upstream, true);
        synchronized (this) {
            List<UpstreamStatus> next = new ArrayList<>(snapshot);
            next.removeIf(s -> s.id().equals(upstream.id()) || s.upstream().address().equals(upstream.address()));
            next.add(result);
            publish(next);
        }
        fireChanged();
        return result;
    }

    public boolean unregister(String id) {
        boolean removed;
        synchronized (this) {
            List<UpstreamStatus> next = new ArrayList<>(snapshot);
            removed = next.removeIf(s -> s.id().equals(id));
            publish(next);
        }
        if (removed) {
            fireChanged();
            removalListeners.forEach(l -> l.accept(id));
        }
        return removed;
    }

    /** Probe or connect failure: no traffic from now on. Returns true when this changed its state. */
    public boolean markDead(String id) {
        return setLive(id, false);
    }

    /** The upstream answered a probe again. Returns true when this changed its state. */
    public boolean markLive(String id) {
        return setLive(id, true);
    }

    private boolean setLive(String id, boolean live) {
        synchronized (this) {
            List<UpstreamStatus> current = snapshot;
            for (int i = 0; i < current.size(); i++) {
                UpstreamStatus s = current.get(i);
                if (s.id().equals(id)) {
                    if (s.live() == live) {
                        return false;
                    }
                    List<UpstreamStatus> next = new ArrayList<>(current);
                    next.set(i, new UpstreamStatus(s.upstream(), live));
                    publish(next);
                    return true;
                }
            }
            return false;
        }
    }

    /** Every entry in registration order (oldest first). */
    public List<UpstreamStatus> list() {
        return snapshot;
    }

    public Optional<UpstreamStatus> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (UpstreamStatus s : snapshot) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The live upstream with this id, or null. */
    public Upstream live(String id) {
        if (id == null) {
            return null;
        }
        for (UpstreamStatus s : snapshot) {
            if (s.live() && s.id().equals(id)) {
                return s.upstream();
            }
        }
        return null;
    }

    /**
     * Finds an entry the way an operator names it: its id, its {@code host:port}, its port alone, or a name
     * or bundle id that exactly one entry has (case-insensitive).
     */
    public Optional<UpstreamStatus> find(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String ref = reference.strip();
        List<UpstreamStatus> current = snapshot;
        for (UpstreamStatus s : current) {
            if (s.id().equals(ref) || s.upstream().address().equals(ref)) {
                return Optional.of(s);
            }
        }
        List<UpstreamStatus> byPort = current.stream()
                .filter(s -> Integer.toString(s.upstream().port()).equals(ref)).toList();
        if (byPort.size() == 1) {
            return Optional.of(byPort.get(0));
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        List<UpstreamStatus> byName = current.stream().filter(s -> matches(s.upstream(), lower)).toList();
        return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
    }

    /** True when the upstream's bundle id or name equals this app identifier, ignoring case. */
    public static boolean matches(Upstream upstream, String appIdentifier) {
        if (appIdentifier == null) {
            return false;
        }
        return appIdentifier.equalsIgnoreCase(upstream.bundleId()) || appIdentifier.equalsIgnoreCase(upstream.name());
    }

    /** Live upstreams, most recently registered first. */
    public List<Upstream> liveByRecency() {
        return liveByRecency;
    }

    /** Called with this registry's lock held. */
    private void publish(List<UpstreamStatus> next) {
        List<UpstreamStatus> copy = List.copyOf(next);
        liveByRecency = copy.stream().filter(UpstreamStatus::live).map(UpstreamStatus::upstream)
                .sorted(Comparator.comparing(Upstream::registeredAt).reversed()).toList();
        snapshot = copy;
    }

    public long liveCount() {
        return snapshot.stream().filter(UpstreamStatus::live).count();
    }

    public int size() {
        return snapshot.size();
    }

    public void onChange(ChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Told the id of every upstream that is unregistered (after the change). */
    public void onRemoval(Consumer<String> listener) {
        removalListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void fireChanged() {
        List<UpstreamStatus> current = snapshot;
        listeners.forEach(l -> l.changed(current));
    }

    private String freshId(List<UpstreamStatus> existing) {
        while (true) {
            StringBuilder id = new StringBuilder("u-");
            for (int i = 0; i < 6; i++) {
                id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
            }
            String candidate = id.toString();
            if (existing.stream().noneMatch(s -> s.id().equals(candidate))) {
                return candidate;
            }
        }
    }

    private static int indexOfAddress(List<UpstreamStatus> list, String address) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).upstream().address().equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /** For gauges: how many are live and dead. */
    public Map<Boolean, Long> liveness() {
        List<UpstreamStatus> current = snapshot;
        long live = current.stream().filter(UpstreamStatus::live).count();
        return Map.of(true, live, false, current.size() - live);
    }
}
