package dev.switchboard.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.server.api.ApiHandler;
import dev.switchboard.server.api.ApiKeyAuthenticator;
import dev.switchboard.server.api.AppsApi;
import dev.switchboard.server.apps.AppsFeature;
import dev.switchboard.server.appws.AppUpgradeHandler;
import dev.switchboard.server.control.method.AppMethods;
import dev.switchboard.core.app.AppService;
import dev.switchboard.server.config.ControlConfig;
import dev.switchboard.server.config.DurationParser;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.config.WebSocketConfig;
import dev.switchboard.server.control.ControlServer;
import dev.switchboard.server.control.ControlSettings;
import dev.switchboard.server.control.method.HubMethods;
import dev.switchboard.server.control.method.MethodRegistry;
import dev.switchboard.server.control.method.PairingMethods;
import dev.switchboard.server.control.method.RoutingMethods;
import dev.switchboard.core.routing.RouteResolver;
import dev.switchboard.server.routing.RoutingService;
import dev.switchboard.server.proxy.ProxyServer;
import dev.switchboard.server.proxy.ProxySettings;
import dev.switchboard.server.ws.PairingFrames;
import dev.switchboard.core.cluster.memory.MemoryPairingStore;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.core.session.AppPort;
import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.server.control.method.SessionMethods;
import dev.switchboard.server.control.method.SystemMethods;
import dev.switchboard.server.health.HealthReporter;
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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node, wired from a validated configuration: in-memory cluster stores, the hub, the
 * gateway port with its WebSocket, API and health doors, and the health report. {@link #close()} is the
 * graceful shutdown.
 */
public final class SwitchboardNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);

    private final SwitchboardConfig config;
    private final Hub hub;
    private final PrometheusMeterRegistry registry;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String apiKey;
    private final HealthReporter health;
    private final PairingFrames pairingFrames = new PairingFrames(Json.mapper());
    private final PairingService pairing;
    private final SessionRegistry sessions;
    private final LineIds ids = new LineIds();
    private final AppsFeature apps;
    private AppUpgradeHandler appDoor;
    private final java.time.Instant startedAt = java.time.Instant.now();
    private final RoutingService routing;
    private GatewayServer gateway;
    private volatile ProxyServer proxy;
    private volatile ControlServer control;
    private MethodRegistry methods;

    private SwitchboardNode(SwitchboardConfig config) throws IOException {
        this.config = config;
        prepareHome(config.home());
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmMetrics(registry);
        WebSocketConfig ws = config.websocket();
        this.hub = new Hub("node-" + ids.nodePrefix(), new HubSettings(ws.duplicatePolicy(), ws.maxChannelsPerLine()),
                new MemoryPresenceStore(), new MemoryBroker(), registry);
        this.apiKey = Credentials.apiKey(config);
        this.pairing = new PairingService(hub.nodeId(), config.pairing().settings(), new MemoryPairingStore(), hub,
                pairingFrames, Clock.systemUTC(), registry);
        this.sessions = new SessionRegistry(hub, config.sessions().settings(), Clock.systemUTC(), registry);
        this.apps = new AppsFeature(config.apps(), sessions, this::appWebSocketUrl, Json.mapper(), Clock.systemUTC(),
                registry);
        sessions.installApps(apps.service());
        this.boss = Transports.group(1, "sb-accept");
        this.workers = Transports.group(Runtime.getRuntime().availableProcessors(), "sb-io");
        this.health = new HealthReporter(Clock.systemUTC(), config.healthFile(), new ObjectMapper(), workers,
                this::identity, () -> Map.of("gateway", hub.lineCount(),
                        "apps", appDoor == null ? 0 : appDoor.lineCount()), this::controlConnections);
        this.routing = RoutingService.create(config.proxy(), config.home(), Clock.systemUTC(), registry, Json.mapper());
    }

    public static SwitchboardNode start(SwitchboardConfig config) throws IOException, InterruptedException {
        SwitchboardNode node = new SwitchboardNode(config);
        try {
            node.bind(Json.mapper(), Clock.systemUTC());
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.abandon();
            throw e;
        }
        node.health.start(config.control().healthInterval());
        log.info("switchboard {} listening on {}:{} (WebSocket {}, API {}, transport {}), dev proxy on {}:{}, control {}, "
                        + "home {}", node.hub.nodeId(), config.host(), node.port(), config.websocket().path(),
                config.http().apiPrefix(), Transports.name(), config.host(), node.proxyPort(), config.controlSocket(),
                config.home());
        return node;
    }

    private void bind(ObjectMapper json, Clock clock) throws IOException, InterruptedException {
        WebSocketConfig ws = config.websocket();
        GatewayMeters meters = new GatewayMeters(registry);
        HttpResponses responses = new HttpResponses(json);
        appDoor = new AppUpgradeHandler(apps.service(), ws, config.apps().connectDeadline(), json, clock, registry);
        HttpRouterHandler router = new HttpRouterHandler(ws.path(),
                new WebSocketUpgradeHandler(hub, Credentials.verifier(config, clock), ws, meters, json, ids, clock,
                        pairing, pairingFrames, sessions),
                new ApiHandler(config.http().apiPrefix(), hub, new ApiKeyAuthenticator(apiKey), json,
                        ws.maxMessageSize(), pairing, sessions, new AppsApi(apps.service(), clock), routing.resolver()),
                new HealthEndpoints(hub, registry, accepting::get, health::latest, responses),
                responses, accepting::get, appDoor);
        // The control socket first: a second daemon on the same home must be refused before it takes a port.
        methods = controlMethods(clock);
        control = ControlServer.start(config.controlSocket(), ControlSettings.from(config.control(), apiKey),
                methods, registry, boss, workers);
        routing.open();
        gateway = GatewayServer.bind(config.host(), config.port(),
                new GatewayInitializer(router, Math.toIntExact(config.http().maxRequestSize()), ws.handshakeTimeout(),
                        responses),
                boss, workers,
                new WriteBufferWaterMark(Math.toIntExact(ws.writeBufferLow()), Math.toIntExact(ws.writeBufferHigh())));
        proxy = ProxyServer.bind(config.host(), config.proxyPort(), routing.resolver(),
                ProxySettings.from(config.proxy()), registry, boss, workers);
    }

    /** Every control method, registered once and served by both control protocols. */
    private MethodRegistry controlMethods(Clock clock) {
        MethodRegistry methods = new MethodRegistry();
        SystemMethods.register(methods, clock, this::identity, startedAt, health::latest);
        HubMethods.register(methods, hub, config.websocket().maxMessageSize());
        PairingMethods.register(methods, pairing, hub);
        RoutingMethods.register(methods, routing.resolver());
        SessionMethods.register(methods, sessions, hub);
        AppMethods.register(methods, apps.service(), clock);
        return methods;
    }

    private int controlConnections() {
        ControlServer server = control;
        return server == null ? 0 : server.connectionCount();
    }

    public int port() {
        return gateway.port();
    }

    /** The dev routing proxy's port (the configured one, or the free one picked for 0). */
    public int proxyPort() {
        return proxy.port();
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

    /** The control methods; a feature adds its own here and both control protocols serve it at once. */
    public MethodRegistry methods() {
        return methods;
    }

    /** The apps feature (docs/apps.md). */
    public AppService apps() {
        return apps.service();
    }

    /** The {@code /app-ws} door: open app lines with their last-seen times. */
    public AppUpgradeHandler appLines() {
        return appDoor;
    }

    /** Where apps connect unless {@code apps.websocketUrl} says otherwise. */
    private String appWebSocketUrl() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "ws://" + host + ":" + (gateway == null ? config.port() : gateway.port()) + AppUpgradeHandler.PATH;
    }

    public PairingService pairing() {
        return pairing;
    }

    /** The dev proxy's one question: where does this request go (issue 4). */
    public RouteResolver routeResolver() {
        return routing.resolver();
    }

    /** The routing domain: upstream registry, resolver, cables, {@code upstreams.json}, prober. */
    public RoutingService routing() {
        return routing;
    }

    /** The user sessions (a {@link dev.switchboard.core.session.SessionDirectory}): find, dispose listeners. */
    public SessionRegistry sessions() {
        return sessions;
    }

    /**
     * Installs the apps feature: the device door hands it {@code app_start}, {@code app_stop}, {@code stream}
     * and unpaired binary audio, and session listings show {@link AppPort#appsOf}. {@link AppPort#NONE} until
     * called; may be called after start.
     */
    public void installApps(AppPort apps) {
        sessions.installApps(apps);
    }

    public HealthReporter health() {
        return health;
    }

    /** Facts about this node that do not change while it runs, for health and {@code system.info}. */
    public Map<String, Object> identity() {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("version", Version.current());
        identity.put("node", hub.nodeId());
        identity.put("pid", ProcessHandle.current().pid());
        identity.put("java", Runtime.version().toString());
        identity.put("transport", Transports.name());
        identity.put("gatewayPort", gateway == null ? null : gateway.port());
        ProxyServer proxyServer = proxy;
        identity.put("proxyPort", proxyServer == null ? null : proxyServer.port());
        identity.put("home", config.home().toString());
        identity.put("controlSocket", config.controlSocket().toString());
        identity.put("controlTcpPort", control == null ? ControlConfig.TCP_OFF : control.tcpPort());
        return identity;
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
        // Draining: /readyz answers 503 and upgrades are refused while the lines go; the listener closes last.
        accepting.set(false);
        log.info("shutting down: closing {} line(s) with 1001, waiting up to {}", hub.lineCount(),
                DurationParser.format(config.shutdownTimeout()));
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
            log.warn("{} line(s) still open after {}; cutting them off", hub.lineCount(),
                    DurationParser.format(config.shutdownTimeout()));
        }
        health.close();
        sessions.close();
        pairing.close();
        routing.close();
        apps.close();
        gateway.stopAccepting();
        // Tunnels close cleanly (HMR clients reconnect to the next daemon), then pooled upstream connections.
        proxy.close();
        control.close();
        shutdownEventLoops();
        hub.close();
        registry.close();
        log.info("shut down");
    }

    /** Undoes a start that failed half way, so a refused daemon leaves no socket file or threads behind. */
    private void abandon() {
        if (proxy != null) {
            proxy.close();
        }
        if (control != null) {
            control.close();
        }
        health.close();
        sessions.close();
        pairing.close();
        routing.close();
        apps.close();
        shutdownEventLoops();
    }

    private void shutdownEventLoops() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }

    private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
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
