package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end through the dev routing proxy: two real HTTP dev servers, two simulated clients with the same
 * user-agent and their own cookie jars, real requests on the proxy port; the operator moves them with
 * {@code cable connect} and with keys in the {@code cables} patchbay, and the very next request follows.
 * Skipped on a build whose node has no proxy port yet (the proxy is its own piece of work).
 */
class CablesThroughTheProxyIT {

    private static final String EXPO = "Exponent/2.31.2 CFNetwork/1494.0.7 Darwin/23.4.0";

    @TempDir
    Path home;
    private RoutedNode node;
    private int proxyPort;
    private final List<HttpServer> devServers = new ArrayList<>();

    /** A simulator: its own cookie jar, so its own sb-route cookie. */
    private final class Simulator {
        final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http = HttpClient.newBuilder().cookieHandler(jar).build();

        /** GET / through the proxy: the body names the dev server that answered. */
        HttpResponse<String> load() throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/"))
                    .header("User-Agent", EXPO).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Its client id, from the sb-route cookie the proxy set ({@code c-….u-…}). */
        String clientId() {
            return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("sb-route"))
                    .map(HttpCookie::getValue).map(v -> v.replace("\"", "").split("\\.")[0])
                    .findFirst().orElseThrow();
        }
    }

    @BeforeEach
    void start() throws Exception {
        node = new RoutedNode(home);
        try (ControlClient control = ControlClient.connect(ControlClientOptions.forSocket(home.resolve("control.sock")))) {
            JsonNode info = control.info();
            assumeTrue(info.path("proxyPort").canConvertToInt(), "this build has no dev routing proxy yet");
            proxyPort = info.path("proxyPort").asInt();
        }
    }

    @AfterEach
    void stop() {
        devServers.forEach(server -> server.stop(0));
        node.close();
    }

    /** A dev server answering every request with its name. */
    private int devServer(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        devServers.add(server);
        return server.getAddress().getPort();
    }

    private String register(String name) throws IOException {
        CableCommandsIT.Run run = CableCommandsIT.runIn(home, "upstreams", "register", "--port",
                String.valueOf(devServer(name)), "--name", name);
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().split(" ")[1];
    }

    @Test
    void cableConnectAndThePatchbayKeysMoveRealTrafficOnTheNextRequest() throws Exception {
        String web = register("web");
        String shop = register("shop");
        Simulator a = new Simulator();
        Simulator b = new Simulator();
        // same app, same user-agent, nothing matches: both go to the newest upstream by fallback
        assertThat(a.load().body()).isEqualTo("shop");
        assertThat(b.load().body()).isEqualTo("shop");
        assertThat(a.clientId()).isNotEqualTo(b.clientId());

        List<String> listed = CableCommandsIT.runIn(home, "cables", "--list").out().lines().toList();
        assertThat(listed.get(0)).isEqualTo("CLIENTS (2)");
        assertThat(listed).anyMatch(l -> l.contains(a.clientId()) && l.contains(shop + " shop"));

        // from a script: a goes to web, from its very next request on
        CableCommandsIT.Run connected = CableCommandsIT.runIn(home, "cable", "connect", a.clientId(), web);
        assertThat(connected.exit()).as(connected.err()).isZero();
        HttpResponse<String> next = a.load();
        assertThat(next.body()).isEqualTo("web");
        assertThat(next.headers().firstValue("X-Switchboard-Route")).contains("cable " + web);
        assertThat(b.load().body()).isEqualTo("shop");
        assertThat(CableCommandsIT.runIn(home, "cables", "--list").out().lines())
                .anyMatch(l -> l.contains(a.clientId()) && l.contains(web + " web") && l.endsWith("cable: operator cable"));

        // from the patchbay: b's cable picked up (clients are listed by app, then key) and plugged into web
        PipedInputStream keys = new PipedInputStream(4096);
        PipedOutputStream keyboard = new PipedOutputStream(keys);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (ExternalTerminal terminal = new ExternalTerminal("test", "xterm-256color", keys, screen,
                StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(120, 30));
            CommandLine cli = SwitchboardCommand.commandLine();
            ((CablesCommand) cli.getSubcommands().get("cables").getCommand()).terminal = terminal;
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> cli.execute("cables", "--refresh", "1h", "--home", home.toString()));
            await().atMost(Duration.ofSeconds(20)).until(() -> screen.toString(StandardCharsets.UTF_8)
                    .contains(b.clientId()));
            boolean bFirst = b.clientId().compareTo(a.clientId()) < 0;
            // upstreams are listed web, shop: picking up b's cable selects shop, ↑ moves to web
            String moves = (bFirst ? "" : "\033[B") + " " + "\033[A" + " ";
            keyboard.write(moves.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> screen.toString(StandardCharsets.UTF_8)
                    .contains("plugged " + b.clientId() + " into " + web));
            keyboard.write('q');
            keyboard.flush();
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        }
        assertThat(b.load().body()).isEqualTo("web");
        assertThat(a.load().body()).isEqualTo("web");

        // unplugged: b goes back to automatic routing
        assertThat(CableCommandsIT.runIn(home, "cable", "disconnect", b.clientId()).exit()).isZero();
        HttpResponse<String> automatic = b.load();
        assertThat(automatic.headers().firstValue("X-Switchboard-Route").orElse("")).doesNotStartWith("cable");
    }
}
