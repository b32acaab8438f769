package dev.switchboard.server.control;

import dev.switchboard.core.hub.RecordingLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.core.hub.Message;
import dev.switchboard.server.control.binary.Frames;
import dev.switchboard.server.http.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control server on a real Unix socket (and TCP port): the socket file's life and calls over both protocols. */
@Timeout(180)
class ControlServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestHub testHub = new TestHub(registry);
    private final EventLoopGroup boss = Transports.group(1, "test-control-accept");
    private final EventLoopGroup workers = Transports.group(2, "test-control-io");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Path socket() {
        return home.resolve("control.sock");
    }

    private ControlServer start(ControlSettings settings) throws Exception {
        ControlServer server = ControlServer.start(socket(), settings, testHub.methods, registry, boss, workers);
        open.add(server);
        return server;
    }

    private UnixClient client() throws IOException {
        UnixClient client = UnixClient.connect(socket());
        open.add(client);
        return client;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void theSocketFileIsOwnerOnlyAndRemovedOnClose() throws Exception {
        ControlServer server = start(ControlSettings.DEFAULT);
        assertThat(server.socketPath()).isEqualTo(socket());
        assertThat(Files.getPosixFilePermissions(socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        server.close();
        assertThat(socket()).doesNotExist();
        server.close();
    }

    @Test
    void aJsonRpcCallOverTheSocket() throws Exception {
        ControlServer server = start(ControlSettings.DEFAULT);
        UnixClient client = client();
        client.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":\"a\"}");
        JsonNode reply = json(client.readLine());
        assertThat(reply.get("id").asText()).isEqualTo("a");
        assertThat(reply.at("/result/pong").asBoolean()).isTrue();
        assertThat(server.connectionCount()).isEqualTo(1);
        assertThat(registry.get("switchboard.control.calls").tags("method", "system.ping", "outcome", "ok").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void aBinaryCallOverTheSocketIncludingARawPublish() throws Exception {
        start(ControlSettings.DEFAULT);
        RecordingLine phone = testHub.open("c-1", "alice", "phone", Instant.now());
        UnixClient client = client();
        byte[] raw = {1, 2, 3, 0, (byte) 0xB5};
        client.write(Frames.request(1, "system.info", null));
        client.write(Frames.rawRequest(2, "hub.publish", "{\"device\":\"phone\"}", raw));
        Frames.Frame info = client.readFrame();
        Frames.Frame published = client.readFrame();
        assertThat(info.requestId()).isEqualTo(1);
        assertThat(info.kind()).isEqualTo(ControlWire.KIND_RESPONSE);
        assertThat(info.json().get("startedAt").asText()).isEqualTo(TestHub.STARTED.toString());
        assertThat(published.requestId()).isEqualTo(2);
        assertThat(published.json().get("delivered").asInt()).isEqualTo(1);
        assertThat(phone.received).hasSize(1);
        assertThat(phone.received.get(0).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(phone.received.get(0).body()).isEqualTo(raw);
    }

    @Test
    void theNioTransportServesTheSameProtocols() throws Exception {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ControlServer server = ControlServer.start(socket(), ControlSettings.DEFAULT, testHub.methods, registry,
                    nio, nio, ControlTransport.NIO);
            try {
                assertThat(Files.getPosixFilePermissions(socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                try (UnixClient json = UnixClient.connect(socket()); UnixClient binary = UnixClient.connect(socket())) {
                    json.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
                    binary.write(Frames.request(9, "system.ping", null));
                    assertThat(json(json.readLine()).at("/result/pong").asBoolean()).isTrue();
                    assertThat(binary.readFrame().requestId()).isEqualTo(9);
                }
            } finally {
                server.close();
            }
            assertThat(socket()).doesNotExist();
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aStaleSocketFileIsTakenOver() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket()));
        }
        assertThat(socket()).exists();
        start(ControlSettings.DEFAULT);
        UnixClient client = client();
        client.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
        assertThat(json(client.readLine()).at("/result/pong").asBoolean()).isTrue();
    }

    @Test
    void aSecondDaemonOnTheSamePathIsRefusedAndTheFirstKeepsWorking() throws Exception {
        start(ControlSettings.DEFAULT);
        assertThatThrownBy(() -> ControlServer.start(socket(), ControlSettings.DEFAULT, testHub.methods,
                new SimpleMeterRegistry(), boss, workers))
                .isInstanceOf(ControlSocketInUseException.class)
                .hasMessage("another Switchboard daemon is already running on " + socket()
                        + " (stop it, or use --home to run a second one)");
        assertThat(socket()).exists();
        UnixClient client = client();
        client.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
        assertThat(json(client.readLine()).at("/result/pong").asBoolean()).isTrue();
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone() throws Exception {
        Files.writeString(socket(), "precious");
        assertThatThrownBy(() -> start(ControlSettings.DEFAULT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(socket())).isEqualTo("precious");
    }

    @Test
    void aPathTooLongForAUnixSocketIsExplained() throws Exception {
        Path deep = home.resolve("d".repeat(100)).resolve("control.sock");
        assertThatThrownBy(() -> ControlServer.start(deep, ControlSettings.DEFAULT, testHub.methods, registry, boss,
                workers)).isInstanceOf(IOException.class).hasMessageContaining("use a shorter --home");
    }

    @Test
    void closeClosesOpenConnections() throws Exception {
        ControlServer server = start(ControlSettings.DEFAULT);
        UnixClient client = client();
        client.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
        client.readLine();
        server.close();
        assertThat(client.closedByPeer()).isTrue();
        assertThat(socket()).doesNotExist();
    }

    @Test
    void aSilentConnectionIsClosedWithAnExplanation() throws Exception {
        ControlServer server = start(ControlSettings.DEFAULT.withSilenceTimeout(Duration.ofMillis(200)));
        UnixClient client = client();
        String line = client.readLine();
        assertThat(json(line).at("/error/message").asText()).startsWith("nothing recognisable received within 200 ms");
        assertThat(client.closedByPeer()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
    }

    @Test
    void httpOnTheSocketGetsTheErrorLineAndIsClosed() throws Exception {
        start(ControlSettings.DEFAULT);
        UnixClient client = client();
        client.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(json(client.readLine()).at("/error/message").asText()).contains("looks like HTTP");
        assertThat(client.closedByPeer()).isTrue();
    }

    @Test
    void theTcpListenerIsOffByDefault() throws Exception {
        assertThat(start(ControlSettings.DEFAULT).tcpPort()).isEqualTo(-1);
    }

    @Test
    void theTcpListenerIsLoopbackAndWantsTheApiKeyFirst() throws Exception {
        ControlServer server = start(ControlSettings.DEFAULT.withTcp(0, "k3y"));
        assertThat(server.tcpPort()).isPositive();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.tcpPort());
        try (UnixClient anonymous = UnixClient.connect(address)) {
            anonymous.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"hub.connections\",\"id\":1}");
            assertThat(json(anonymous.readLine()).at("/error/code").asInt()).isEqualTo(ControlWire.UNAUTHORIZED);
            assertThat(anonymous.closedByPeer()).isTrue();
        }
        try (UnixClient binary = UnixClient.connect(address)) {
            binary.write(Frames.request(1, "system.auth", "{\"apiKey\":\"k3y\"}"));
            binary.write(Frames.request(2, "system.ping", null));
            assertThat(binary.readFrame().json().get("authenticated").asBoolean()).isTrue();
            assertThat(binary.readFrame().json().get("pong").asBoolean()).isTrue();
        }
        // The Unix socket beside it needs no key.
        UnixClient local = client();
        local.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
        assertThat(json(local.readLine()).at("/result/pong").asBoolean()).isTrue();
    }
}
