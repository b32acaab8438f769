package dev.switchboard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.server.api.ApiHandler;
import dev.switchboard.server.api.ApiKeyAuthenticator;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.config.WebSocketConfig;
import dev.switchboard.server.http.GatewayInitializer;
import dev.switchboard.server.http.GatewayServer;
import dev.switchboard.server.http.HealthEndpoints;
import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.http.HttpRouterHandler;
import dev.switchboard.server.http.Transports;
import dev.switchboard.server.metrics.GatewayMeters;
import dev.switchboard.server.ws.LineIds;
import dev.switchboard.server.ws.WebSocketUpgradeHandler;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node, wired from a validated configuration: in-memory cluster stores, the hub, and
 * the gateway port with its WebSocket, API and health doors. {@link #close()} is the graceful shutdown.
 */
public final class SwitchboardNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);

    private final SwitchboardConfig config;
    private final Hub hub;
    private final PrometheusMeterRegistry registry;
    private final GatewayServer gateway;
    private final String apiKey;
    private final AtomicBoolean accepting;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SwitchboardNode(SwitchboardConfig config, Hub hub, PrometheusMeterRegistry registry,
                            GatewayServer gateway, String apiKey, AtomicBoolean accepting) {
        this.config = config;
        this.accepting = accepting;
        this.hub = hub;
        this.registry = registry;
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    public static SwitchboardNode start(SwitchboardConfig config) throws IOException, InterruptedException {
        prepareHome(config.home());
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        WebSocketConfig ws = config.websocket();
        LineIds ids = new LineIds();
        Hub hub = new Hub("node-" + ids.nodePrefix(),
                new HubSettings(ws.duplicatePolicy(), ws.maxChannelsPerLine()),
                new MemoryPresenceStore(), new MemoryBroker(), registry);
        ObjectMapper json = new ObjectMapper();
        String apiKey = Credentials.apiKey(config);
        GatewayMeters meters = new GatewayMeters(registry);
        HttpResponses responses = new HttpResponses(json);

        AtomicBoolean accepting = new AtomicBoolean(true);
        HttpRouterHandler router = new HttpRouterHandler(ws.path(),
                new WebSocketUpgradeHandler(hub, Credentials.verifier(config, clock), ws, meters, json, ids, clock),
                new ApiHandler(config.http().apiPrefix(), hub, new ApiKeyAuthenticator(apiKey), json,
                        ws.maxMessageSize()),
                new HealthEndpoints(hub, registry, accepting::get, responses),
                responses, accepting::get);
        GatewayServer gateway = GatewayServer.bind(config.host(), config.port(),
                new GatewayInitializer(router, Math.toIntExact(config.http().maxRequestSize()),
                        ws.handshakeTimeout()),
                Runtime.getRuntime().availableProcessors(),
                new WriteBufferWaterMark(Math.toIntExact(ws.writeBufferLow()), Math.toIntExact(ws.writeBufferHigh())));
        SwitchboardNode node = new SwitchboardNode(config, hub, registry, gateway, apiKey, accepting);
        log.info("switchboard {} listening on {}:{} (WebSocket {}, API {}, transport {}), home {}",
                hub.nodeId(), config.host(), gateway.port(), ws.path(), config.http().apiPrefix(),
                Transports.name(), config.home());
        return node;
    }

    public int port() {
        return gateway.port();
    }

    public Hub hub() {
        return hub;
    }

    public String apiKey() {
        return apiKey;
    }

    public SwitchboardConfig config() {
        return config;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Graceful shutdown: stop accepting, tell every line 1001 (going away), wait for them to go within the
     * configured timeout, then stop the event loops. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        accepting.set(false);
        gateway.stopAccepting();
        int open = hub.lineCount();
        log.info("shutting down: closing {} line(s) with 1001, waiting up to {}", open, config.shutdownTimeout());
        hub.lines().forEach(line -> line.close(CloseReason.GOING_AWAY));
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        while (hub.lineCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (hub.lineCount() > 0) {
            log.warn("{} line(s) still open after {}; cutting them off", hub.lineCount(), config.shutdownTimeout());
        }
        gateway.terminate();
        hub.close();
        registry.close();
        log.info("shut down");
    }

    private static void prepareHome(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            Files.createDirectories(home);
            try {
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // The secrets inside are still written owner-only where the file system allows it.
            }
        }
    }
}
