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

    public AppRegistry() {
        this(DEFAULT_MAX_APPS);
    }

    public AppRegistry(int maxApps) {
        this.maxApps = maxApps;
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
        return apps.put(app.packageName(), app) == null;
    }

    public Optional<AppRegistration> find(String packageName) {
        return packageName == null ? Optional.empty() : Optional.ofNullable(apps.get(packageName));
    }

    public synchronized boolean remove(String packageName) {
        return apps.remove(packageName) != null;
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
