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
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps feature of one node: its {@code sb-apps} thread (timers and outbound effects, in order), the
 * webhook client, the registry (with the apps of {@code apps.file}) and the {@link AppService}.
 */
public final class AppsFeature implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppsFeature.class);

    private final ScheduledExecutorService scheduler;
    private final HttpWebhookSender webhooks;
    private final AppService service;
    private final AppsConfig config;

    /**
     * @param websocketUrl the URL apps connect to when {@code apps.websocketUrl} is not set (known once the
     *                     gateway port is bound)
     */
    public AppsFeature(AppsConfig config, SessionDirectory sessions, Supplier<String> websocketUrl, ObjectMapper json,
                       Clock clock, MeterRegistry meters) {
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sb-apps");
            thread.setDaemon(true);
            return thread;
        });
        this.webhooks = new HttpWebhookSender(config.webhookTimeout(), config.webhookAttempts());
        AppRegistry registry = new AppRegistry();
        if (config.file() != null) {
            for (AppRegistration app : AppRegistrationFile.read(config.file(), json, clock.instant())) {
                registry.register(app);
            }
            log.info("registered {} app(s) from {}", registry.size(), config.file());
        }
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
