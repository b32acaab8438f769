package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.routing.CableView;
import dev.switchboard.core.routing.ChainRouteResolver;
import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real {@code ./switchboard cables} command on a scripted terminal (JLine's {@link ExternalTerminal}:
 * an xterm whose keyboard is a pipe and whose screen is a buffer, with a real line discipline, so Ctrl-C
 * raises SIGINT as on a tty), against a real node and its real cable methods.
 */
class PatchbayTerminalIT {

    private static final String EXPO = "Exponent/2.31.2 CFNetwork/1494.0.7 Darwin/23.4.0";
    private static final String DOWN = "\033[B";
    private static final String UP = "\033[A";
    private static final String LEFT = "\033[D";

    @TempDir
    Path home;
    private RoutedNode node;
    private PipedOutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private ExternalTerminal terminal;

    @BeforeEach
    void start() throws Exception {
        node = new RoutedNode(home);
        PipedInputStream input = new PipedInputStream(4096);
        keyboard = new PipedOutputStream(input);
        terminal = new ExternalTerminal("test", "xterm-256color", input, screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(110, 30));
    }

    @AfterEach
    void stop() throws IOException {
        terminal.close();
        node.close();
    }

    private CompletableFuture<Integer> runCables(String refresh) {
        CommandLine cli = SwitchboardCommand.commandLine();
        CablesCommand cables = cli.getSubcommands().get("cables").getCommand();
        cables.terminal = terminal;
        return CompletableFuture.supplyAsync(() -> cli.execute("cables", "--refresh", refresh, "--home", home.toString()));
    }

    private void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private String screenText() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** Waits for the screen to show something; on timeout fails with what it does show. */
    private void awaitScreen(java.util.function.Predicate<String> shows, String what) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> shows.test(screenText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the screen never showed " + what + "; it shows:\n"
                    + screenText().replace("\033", "ESC"), e);
        }
    }

    private ChainRouteResolver resolver() {
        return (ChainRouteResolver) node.gateway.node.routeResolver();
    }

    @Test
    void arrowsAndSpacePlugAClientIntoAnotherUpstreamDUnplugsItCtrlCRestoresTheTerminal() throws Exception {
        String web = resolver().upstreams().register(
                new dev.switchboard.core.routing.UpstreamSpec(null, node.devServer(), null, null, "web")).id();
        String shop = resolver().upstreams().register(
                new dev.switchboard.core.routing.UpstreamSpec(null, node.devServer(), null, null, "shop")).id();
        RouteDecision sim = node.request("sim-a", EXPO);
        assertThat(sim.upstream().id()).isEqualTo(shop); // the newest, by fallback
        Attributes before = new Attributes(terminal.getAttributes());

        CompletableFuture<Integer> exit = runCables("200ms");
        awaitScreen(text -> text.contains("Switchboard patchbay · 1 client") && text.contains(sim.clientId())
                && text.contains(shop + " shop"), "the client and both upstreams");
        assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON)).isFalse();
        assertThat(screenText()).contains("\033[?1049h"); // on the alternate screen

        // space picks up sim-a's cable at shop (2nd upstream), ↑ moves to web, space plugs it in
        type(" ");
        awaitScreen(text -> text.contains("holding the cable of " + sim.clientId()), "the cable in hand");
        type(UP + " ");
        await().atMost(Duration.ofSeconds(20)).until(() -> resolver().cables().cables().stream()
                .anyMatch(c -> c.client().equals(sim.clientId()) && c.upstream().equals(web) && !c.pending()));
        RouteDecision next = node.requestWithCookie(sim, EXPO);
        assertThat(next.upstream().id()).isEqualTo(web);
        assertThat(next.method()).isEqualTo(RouteMethod.CABLE);
        // the live refresh shows where its traffic goes now
        awaitScreen(text -> text.contains("cable: operator cable"), "the new route");

        // ← back to the clients, d unplugs the cable
        type(LEFT + "d");
        await().atMost(Duration.ofSeconds(20)).until(() -> resolver().cables().cables().isEmpty());

        // n then space: a pending cable for the next new Exponent client, into the selected upstream (web)
        type("n" + DOWN + UP + " ");
        await().atMost(Duration.ofSeconds(20)).until(() -> resolver().cables().cables().stream()
                .anyMatch(CableView::pending));
        assertThat(node.request("sim-b", EXPO).method()).isEqualTo(RouteMethod.PENDING);

        type("\003"); // Ctrl-C
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        Attributes after = terminal.getAttributes();
        assertThat(after.getLocalFlag(Attributes.LocalFlag.ICANON)).isEqualTo(before.getLocalFlag(Attributes.LocalFlag.ICANON));
        assertThat(after.getLocalFlag(Attributes.LocalFlag.ECHO)).isEqualTo(before.getLocalFlag(Attributes.LocalFlag.ECHO));
        String tail = screenText().substring(screenText().lastIndexOf("pending cable: the next new"));
        // off the alternate screen, cursor shown again
        assertThat(tail).contains("\033[?1049l").containsPattern("\033\\[\\?(12;)?25h");
    }

    @Test
    void qQuitsAndARefusalIsShownWithoutLeaving() throws Exception {
        String web = resolver().upstreams().register(
                new dev.switchboard.core.routing.UpstreamSpec(null, node.devServer(), null, null, "web")).id();
        RouteDecision sim = node.request("sim-a", EXPO);

        // no timed refresh during the test: the screen still shows the upstream when it is already gone
        CompletableFuture<Integer> exit = runCables("1h");
        awaitScreen(text -> text.contains(sim.clientId()), "the client");
        type(" ");
        awaitScreen(text -> text.contains("holding the cable"), "the cable in hand");
        resolver().upstreams().unregister(web);
        type(" ");
        awaitScreen(text -> text.contains("cable.connect failed: no upstream " + web), "the daemon's refusal");
        assertThat(exit).isNotDone();

        type("q");
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON)).isTrue();
    }
}
