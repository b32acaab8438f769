package dev.switchboard.server.apps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.app.AppRegistration;
import dev.switchboard.core.app.AppRegistry;
import dev.switchboard.core.app.AppService;
import dev.switchboard.core.app.AppSettings;
import dev.switchboard.core.session.SessionDirectory;
import dev.switchboard.server.config.AppsConfig;
import dev.switchboard.server.webhook.HttpWebhookSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps feature of one node: its {@code sb-apps} thread (timers and outbound effects, in order), the
 * webhook client, the registry (with the apps of {@code apps.file}, then those registered at runtime, kept in
 * {@code apps.json}) and the {@link AppService}.
 */
public final class AppsFeature implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppsFeature.class);

    private final ScheduledExecutorService scheduler;
    private final HttpWebhookSender webhooks;
    private final AppService service;
    private final AppsConfig config;

    /**
     * @param home         where {@code apps.json} (the apps registered at runtime) is kept
     * @param websocketUrl the URL apps connect to when {@code apps.websocketUrl} is not set (known once the
     *                     gateway port is bound)
     */
    public AppsFeature(AppsConfig config, Path home, SessionDirectory sessions, Supplier<String> websocketUrl,
                       ObjectMapper json, Clock clock, MeterRegistry meters) {
        this.config = config;
        AppRegistry registry = new AppRegistry();
        // Identity, not equality: an app of apps.file re-keyed at runtime is a new object and is persisted.
        Set<AppRegistration> fromConfig = Collections.newSetFromMap(new IdentityHashMap<>());
        PersistedAppsFile persisted = new PersistedAppsFile(home.resolve(PersistedAppsFile.FILE_NAME), json);
        if (config.file() != null && config.file().toAbsolutePath().normalize()
                .equals(persisted.path().toAbsolutePath().normalize())) {
            // The node rewrites apps.json on every registration: it would overwrite the operator's own list.
            throw new IllegalArgumentException("apps.file " + config.file() + " is the file the node keeps runtime "
                    + "registrations in; name the configured list differently (e.g. apps-config.json)");
        }
        if (config.file() != null) {
            for (AppRegistration app : AppRegistrationFile.read(config.file(), json, clock.instant())) {
                registry.register(app);
                fromConfig.add(app);
            }
            log.info("registered {} app(s) from {}", registry.size(), config.file());
        }
        List<AppRegistration> restored = persisted.load();
        for (AppRegistration app : restored) {
            // A registration made at runtime is newer than the configuration's (a key rotation must not be
            // undone by a restart), so it wins; the operator sees which.
            if (registry.find(app.packageName()).isPresent()) {
                log.warn("{}: using the registration of {} made through the API or control socket ({}), "
                        + "not the one in apps.file", app.packageName(), persisted.path(), app.registeredAt());
            }
            registry.register(app);
        }
        if (!restored.isEmpty()) {
            log.info("restored {} app(s) registered at runtime from {}", restored.size(), persisted.path());
        }
        registry.onChange(() -> persisted.save(registry.all().stream().filter(app -> !fromConfig.contains(app))
                .toList()));
        // Threads only once the registrations are read: a bad file stops the start without leaving any behind.
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sb-apps");
            thread.setDaemon(true);
            return thread;
        });
        this.webhooks = new HttpWebhookSender(config.webhookTimeout(), config.webhookAttempts());
        Supplier<String> url = config.websocketUrl() != null ? config::websocketUrl : websocketUrl;
        this.service = new AppService(registry, sessions, webhooks, scheduler,
                new AppSettings(config.connectDeadline(), config.reconnectGrace(), config.resurrectAttempts(),
                        config.maxPendingMessages(), AppSettings.DEFAULT_MAX_APPS_PER_SESSION,
                        AppSettings.DEFAULT_MAX_SUBSCRIPTIONS, url),
                clock, meters);
    }

    public AppService service() {
        return service;
    }

    public AppsConfig config() {
        return config;
    }

    @Override
    public void close() {
        service.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        webhooks.close();
    }
}
