package dev.switchboard.server;

import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.server.config.AuthConfig;
import dev.switchboard.server.config.PairingConfig;
import dev.switchboard.server.config.SwitchboardConfig;
import dev.switchboard.server.config.WebSocketConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real gateway node on a free loopback port, with a known secret and API key, for socket-level tests. */
public final class TestGateway implements AutoCloseable {

    public static final String SECRET = "test-secret-test-secret-test-secret-0123";
    public static final String API_KEY = "test-api-key-0123456789";

    public final SwitchboardNode node;
    private final HttpClient http = HttpClient.newHttpClient();
    private final TokenMinter minter = new TokenMinter(SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());

    private TestGateway(SwitchboardNode node) {
        this.node = node;
    }

    public static TestGateway start(Path home) throws Exception {
        return start(home, WebSocketConfig.DEFAULT);
    }

    public static TestGateway start(Path home, WebSocketConfig websocket) throws Exception {
        return start(home, websocket, SwitchboardConfig.DEFAULT.pairing());
    }

    public static TestGateway start(Path home, WebSocketConfig websocket, PairingConfig pairing) throws Exception {
        return start(home, config -> config.withWebsocket(websocket).withPairing(pairing));
    }

    /** A gateway on free loopback ports with the test secrets, after {@code tweak} changed whatever a test needs. */
    public static TestGateway start(Path home, UnaryOperator<SwitchboardConfig> tweak) throws Exception {
        SwitchboardConfig base = SwitchboardConfig.DEFAULT.withHome(home).withPorts(0, 0)
                .withAuth(new AuthConfig(SECRET, null, null, Duration.ofSeconds(5), null, null, API_KEY));
        SwitchboardConfig config = tweak.apply(new SwitchboardConfig(base.home(), "127.0.0.1", 0, 0,
                Duration.ofSeconds(5), base.auth(), base.websocket(), base.http(), base.control(), base.pairing(),
                base.proxy(), base.sessions(), base.apps(), base.cluster()));
        return new TestGateway(SwitchboardNode.start(config));
    }

    public int port() {
        return node.port();
    }

    public String token(String user, String device) {
        return minter.mint(user, device, null, Duration.ofMinutes(5));
    }

    /** Opens a device line and reads past its connection_ack. */
    public RawWebSocket connect(String user, String device) throws IOException {
        RawWebSocket socket = RawWebSocket.open(port(), "/ws?token=" + token(user, device));
        if (socket.status != 101) {
            throw new IllegalStateException("expected 101, got " + socket.status + " " + socket.body);
        }
        socket.readTextContaining("connection_ack");
        return socket;
    }

    public HttpResponse<String> api(String method, String path, String body) throws Exception {
        return api(method, path, body, API_KEY);
    }

    public HttpResponse<String> api(String method, String path, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> publish(String body) throws Exception {
        return api("POST", "/api/v1/publish", body);
    }

    @Override
    public void close() {
        node.close();
    }
}
