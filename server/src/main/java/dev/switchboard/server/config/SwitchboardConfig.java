package dev.switchboard.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Everything a Switchboard node is configured with; built by {@link ConfigLoader}. Immutable and valid by
 * construction. {@link #toString()} and {@link #describe()} are safe to log: secrets print as
 * {@code <set>}/{@code <unset>}.
 *
 * @param home            state directory (control socket, health file, generated secrets); absolute
 * @param host            bind address of the gateway and proxy ports
 * @param port            gateway HTTP/WebSocket port, 0..65535, 0 picks a free port
 * @param proxyPort       dev routing proxy port, 0..65535, 0 picks a free port
 * @param shutdownTimeout how long a graceful shutdown may take before connections are cut
 * @param auth            token and API key verification
 * @param websocket       the device WebSocket endpoint
 * @param http            the HTTP API
 * @param control         the control socket and health report
 * @param pairing         the pairing relay
 * @param proxy           the dev routing proxy on {@code proxyPort}
 * @param sessions        user sessions: resume grace and replay buffer
 * @param apps            third-party apps started by webhook
 * @param cluster         cluster mode: embedded (default) or a node of a Redis-backed cluster
 */
public record SwitchboardConfig(Path home, String host, int port, int proxyPort, Duration shutdownTimeout,
                                AuthConfig auth, WebSocketConfig websocket, HttpConfig http,
                                ControlConfig control, PairingConfig pairing, ProxyConfig proxy,
                                SessionConfig sessions, AppsConfig apps, ClusterConfig cluster) {

    public static final SwitchboardConfig DEFAULT = new SwitchboardConfig(
            Path.of(System.getProperty("user.home"), ".switchboard"), "0.0.0.0", 8080, 8081,
            Duration.ofSeconds(10), AuthConfig.DEFAULT, WebSocketConfig.DEFAULT, HttpConfig.DEFAULT,
            ControlConfig.DEFAULT, PairingConfig.DEFAULT, ProxyConfig.DEFAULT, SessionConfig.DEFAULT,
            AppsConfig.DEFAULT, ClusterConfig.DEFAULT);

    public SwitchboardConfig {
        if (!Checks.set("home", home).isAbsolute()) {
            // Every derived path (control socket, secrets) must not depend on where a client happens to run.
            throw ConfigException.invalid("home", home, "must be an absolute path");
        }
        home = home.normalize();
        if (Checks.text("host", host).chars().anyMatch(c -> c <= ' ')) {
            throw ConfigException.invalid("host", host, "must be a host name or IP address such as 0.0.0.0");
        }
        Checks.port("port", port);
        Checks.port("proxyPort", proxyPort);
        if (port != 0 && port == proxyPort) {
            throw ConfigException.invalid("proxyPort", proxyPort, "must differ from port (" + port + ")");
        }
        Checks.positive("shutdownTimeout", shutdownTimeout);
        Checks.set("auth", auth);
        Checks.set("websocket", websocket);
        Checks.set("http", http);
        Checks.set("control", control);
        Checks.set("pairing", pairing);
        Checks.set("proxy", proxy);
        Checks.set("sessions", sessions);
        Checks.set("apps", apps);
        Checks.set("cluster", cluster);
    }

    /** The local control socket daemon and CLI both use. */
    public Path controlSocket() {
        return dev.switchboard.client.control.ControlSocketPath.in(home);
    }

    /** The health file, rewritten atomically while the daemon runs. */
    public Path healthFile() {
        return home.resolve("health.json");
    }

    /** Where a generated JWT secret is kept when {@link AuthConfig#hasJwtVerifier()} is false. */
    public Path jwtSecretFile() {
        return home.resolve("jwt-secret");
    }

    /** Where a generated API key is kept when {@link AuthConfig#apiKey()} is unset. */
    public Path apiKeyFile() {
        return home.resolve("api-key");
    }

    public SwitchboardConfig withHome(Path newHome) {
        return new SwitchboardConfig(newHome, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, control, pairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withPorts(int newPort, int newProxyPort) {
        return new SwitchboardConfig(home, host, newPort, newProxyPort, shutdownTimeout, auth, websocket,
                http, control, pairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withAuth(AuthConfig newAuth) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, newAuth, websocket,
                http, control, pairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withWebsocket(WebSocketConfig newWebsocket) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, newWebsocket,
                http, control, pairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withHttp(HttpConfig newHttp) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                newHttp, control, pairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withControl(ControlConfig newControl) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, newControl, pairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withPairing(PairingConfig newPairing) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, control, newPairing, proxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withProxy(ProxyConfig newProxy) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, control, pairing, newProxy, sessions, apps, cluster);
    }

    public SwitchboardConfig withSessions(SessionConfig newSessions) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, control, pairing, proxy, newSessions, apps, cluster);
    }

    public SwitchboardConfig withApps(AppsConfig newApps) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, control, pairing, proxy, sessions, newApps, cluster);
    }

    public SwitchboardConfig withCluster(ClusterConfig newCluster) {
        return new SwitchboardConfig(home, host, port, proxyPort, shutdownTimeout, auth, websocket,
                http, control, pairing, proxy, sessions, apps, newCluster);
    }

    /** One {@code key = value} line per setting, in declaration order, with secrets masked. */
    public String describe() {
        return ConfigKeys.all().values().stream()
                .map(key -> key.path() + " = " + key.display(this))
                .collect(Collectors.joining("\n"));
    }
}
