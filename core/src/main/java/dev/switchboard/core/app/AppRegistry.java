package dev.switchboard.core.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The registered apps by package name; bounded, entries owned by whoever registers and removes them. */
public final class AppRegistry {

    public static final int DEFAULT_MAX_APPS = 10_000;

    private final ConcurrentHashMap<String, AppRegistration> apps = new ConcurrentHashMap<>();
    private final int maxApps;
    private volatile Runnable onChange = () -> { };

    public AppRegistry() {
        this(DEFAULT_MAX_APPS);
    }

    public AppRegistry(int maxApps) {
        this.maxApps = maxApps;
    }

    /**
     * Runs {@code listener} after every change (register, remove), under the registry's lock, so a listener that
     * writes {@link #all()} somewhere writes the changes in the order they were made. One listener; a later call
     * replaces it.
     */
    public void onChange(Runnable listener) {
        this.onChange = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Adds or replaces (a new key or webhook for the same package: key rotation) a registration.
     *
     * @return true when the package was new
     * @throws IllegalStateException when the registry is full
     */
    public synchronized boolean register(AppRegistration app) {
        if (!apps.containsKey(app.packageName()) && apps.size() >= maxApps) {
            throw new IllegalStateException("the app registry is full (" + maxApps + " apps)");
        }
        boolean created = apps.put(app.packageName(), app) == null;
        onChange.run();
        return created;
    }

    public Optional<AppRegistration> find(String packageName) {
        return packageName == null ? Optional.empty() : Optional.ofNullable(apps.get(packageName));
    }

    public synchronized boolean remove(String packageName) {
        boolean removed = apps.remove(packageName) != null;
        if (removed) {
            onChange.run();
        }
        return removed;
    }

    /** Sorted by package name. */
    public List<AppRegistration> all() {
        List<AppRegistration> all = new ArrayList<>(apps.values());
        all.sort(Comparator.comparing(AppRegistration::packageName));
        return all;
    }

    public int size() {
        return apps.size();
    }
}
