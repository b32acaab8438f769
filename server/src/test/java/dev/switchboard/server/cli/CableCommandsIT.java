package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteMethod;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code upstreams}, {@code cables --list} and {@code cable connect|disconnect} run exactly as the launcher
 * runs them, against a real node's control socket and its real {@code upstream.*}/{@code cable.*} methods;
 * clients become known by resolving their requests through the node's resolver, as the proxy does.
 */
class CableCommandsIT {

    private static final Pattern REGISTERED = Pattern.compile("registered (u-[a-z2-9]+) .*\n");
    private static final String EXPO = "Exponent/2.31.2 CFNetwork/1494.0.7 Darwin/23.4.0";

    @TempDir
    Path home;
    private RoutedNode node;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        node = new RoutedNode(home);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Run run(String... args) {
        return runIn(home, args);
    }

    static Run runIn(Path home, String... args) {
        CommandLine cli = SwitchboardCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> withHome = new ArrayList<>(List.of(args));
        withHome.addAll(List.of("--home", home.toString()));
        int exit = cli.execute(withHome.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private String register(String... args) {
        List<String> all = new ArrayList<>(List.of("upstreams", "register"));
        all.addAll(List.of(args));
        Run run = run(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        Matcher id = REGISTERED.matcher(run.out());
        assertThat(id.matches()).as(run.out()).isTrue();
        return id.group(1);
    }

    private List<String> listed() {
        Run run = run("cables", "--list");
        assertThat(run.exit()).as(run.err()).isZero();
        return run.out().lines().toList();
    }

    private static String line(List<String> lines, String containing) {
        return lines.stream().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + String.join("\n", lines)));
    }

    @Test
    void upstreamsRegisterListAndUnregister() {
        int web = node.devServer();
        Run registered = run("upstreams", "register", "--port", String.valueOf(web), "--name", "web", "--bundle-id",
                "com.example.web", "--root", "/src/web");
        assertThat(registered.exit()).isZero();
        assertThat(registered.out()).matches("registered u-[a-z2-9]{6} web at 127\\.0\\.0\\.1:" + web + " \\(live\\)\n");
        String webId = registered.out().substring("registered ".length(), "registered ".length() + 8);
        int shop = node.devServer();
        String shopId = register("--port", String.valueOf(shop));
        // the same host:port again updates the entry instead of adding a twin
        assertThat(register("--port", String.valueOf(shop), "--name", "shop")).isEqualTo(shopId);

        Run listed = run("upstreams");
        assertThat(listed.exit()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("UPSTREAMS (2)");
        assertThat(lines.get(1)).matches("  ID +NAME +BUNDLE ID +ADDRESS +STATE +ROOT +REGISTERED");
        assertThat(lines.get(2)).matches("  " + webId + "  web +com\\.example\\.web +127\\.0\\.0\\.1:" + web
                + " +live +/src/web +\\d+s ago");
        assertThat(lines.get(3)).matches("  " + shopId + "  shop +- +127\\.0\\.0\\.1:" + shop + " +live +- +\\d+s ago");
        assertThat(run("upstreams", "--json").out()).contains("\"bundleId\" : \"com.example.web\"");

        assertThat(run("upstreams", "unregister", webId).out()).isEqualTo("unregistered " + webId + "\n");
        Run again = run("upstreams", "unregister", webId);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("nothing to unregister: no upstream " + webId + "\n");
        assertThat(run("upstreams").out()).startsWith("UPSTREAMS (1)").doesNotContain(webId);
    }

    @Test
    void cableConnectChangesWhereTheNextRequestGoesAndCablesListShowsIt() throws Exception {
        int webPort = node.devServer();
        String web = register("--port", String.valueOf(webPort), "--name", "web");
        String shop = register("--port", String.valueOf(node.devServer()), "--name", "shop");
        // two simulators with the same app and user-agent: neither name matches, so both fall back to the newest
        RouteDecision a = node.request("sim-a", EXPO);
        RouteDecision b = node.request("sim-b", EXPO);
        assertThat(b.upstream().id()).isEqualTo(shop);

        List<String> before = listed();
        assertThat(before.get(0)).isEqualTo("CLIENTS (2)");
        assertThat(line(before, a.clientId())).contains("Exponent").contains("shop (127.0.0.1:")
                .contains("fallback: the configured default, else the newest live upstream");

        Run connected = run("cable", "connect", a.clientId(), web);
        assertThat(connected.exit()).as(connected.err()).isZero();
        assertThat(connected.out()).isEqualTo("plugged " + a.clientId() + " into " + web
                + ": its next request follows the cable\n");
        // until its next request the listing says where its last one went, and that the next follows the cable
        assertThat(line(listed(), a.clientId())).contains("shop").endsWith("cabled to " + web + ": its next request goes there");

        RouteDecision next = node.requestWithCookie(a, EXPO);
        assertThat(next.upstream().id()).isEqualTo(web);
        assertThat(next.method()).isEqualTo(RouteMethod.CABLE);
        List<String> after = listed();
        assertThat(line(after, a.clientId())).contains(web + " web (127.0.0.1:" + webPort + ")")
                .endsWith("cable: operator cable");
        assertThat(line(after, b.clientId())).contains(shop + " shop");
        assertThat(after).contains("CABLES (1)");
        assertThat(after.get(after.size() - 1)).startsWith("  " + a.clientId() + "  " + web + " web").contains("  cable  ");

        // the cabled dev server dies: traffic falls back, and the listing says the cable is not followed
        node.stopDevServer(webPort);
        node.unreachable(web);
        assertThat(node.requestWithCookie(a, EXPO).upstream().id()).isEqualTo(shop);
        assertThat(line(listed(), a.clientId())).contains("shop").contains("fallback")
                .endsWith("its cable to " + web + " is not followed (upstream dead)");
        assertThat(line(run("upstreams").out().lines().toList(), web)).contains("DEAD");

        Run disconnected = run("cable", "disconnect", a.clientId());
        assertThat(disconnected.exit()).isZero();
        assertThat(disconnected.out()).isEqualTo("disconnected " + a.clientId() + ": its routing is learned again\n");
        Run nothing = run("cable", "disconnect", a.clientId());
        assertThat(nothing.exit()).isZero();
        assertThat(nothing.out()).isEqualTo("nothing to disconnect: " + a.clientId() + " has no cable\n");
        assertThat(listed()).contains("CABLES (0)");
    }

    @Test
    void aPendingCableTakesTheNextNewClientOfAnApp() {
        String web = register("--port", String.valueOf(node.devServer()), "--name", "web");
        register("--port", String.valueOf(node.devServer()), "--name", "shop");

        Run pending = run("cable", "connect", "Exponent", web);
        assertThat(pending.exit()).as(pending.err()).isZero();
        assertThat(pending.out()).isEqualTo("pending cable: the next new Exponent client goes to " + web + "\n");
        // the daemon keys apps case-insensitively
        assertThat(line(listed(), "pending")).startsWith("  exponent  " + web + " web");

        RouteDecision newcomer = node.request("sim-c", EXPO);
        assertThat(newcomer.upstream().id()).isEqualTo(web);
        assertThat(newcomer.method()).isEqualTo(RouteMethod.PENDING);
    }

    @Test
    void refusalsAndUsageErrorsExit2WithTheReason() {
        Run refused = run("cable", "connect", "c-nobody", "u-nothin");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).startsWith("switchboard: cable.connect failed: no upstream u-nothin");

        String web = register("--port", String.valueOf(node.devServer()), "--name", "web");
        Run unknownClient = run("cable", "connect", "c-aaaaaaaaaaaaaaaa", web);
        assertThat(unknownClient.exit()).isEqualTo(2);
        assertThat(unknownClient.err()).contains("no client c-aaaaaaaaaaaaaaaa");

        Run missingUpstream = run("cable", "connect", "c-1");
        assertThat(missingUpstream.exit()).isEqualTo(2);
        assertThat(missingUpstream.err()).contains("Missing required parameter: 'UPSTREAM'");

        Run noVerb = run("cable");
        assertThat(noVerb.exit()).isEqualTo(2);
        assertThat(noVerb.err()).contains("connect").contains("disconnect");

        Run badPort = run("upstreams", "register", "--port", "70000");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).startsWith("switchboard: upstream.register failed:").contains("port");
    }

    @Test
    void withoutATerminalCablesPrintsTheList() {
        register("--port", String.valueOf(node.devServer()), "--name", "web");
        node.request("sim-a", EXPO);

        // tests run with stdin and stdout on pipes, as under a script or `| less`
        Run plain = run("cables");
        assertThat(plain.exit()).isZero();
        assertThat(plain.out()).startsWith("CLIENTS (1)").contains("UPSTREAMS (1)").contains("CABLES (0)");
        assertThat(plain.out().lines().toList().subList(0, 3)).isEqualTo(listed().subList(0, 3));
        assertThat(run("cables", "--json").out()).contains("\"clients\" : [ {").contains("\"method\" : \"fallback\"")
                .contains("\"cables\" : [ ]");
    }

    @Test
    void noDaemonExits1(@TempDir Path empty) {
        assertThat(runIn(empty, "cables", "--list").exit()).isEqualTo(1);
        assertThat(runIn(empty, "cables").exit()).isEqualTo(1);
        assertThat(runIn(empty, "cable", "connect", "a", "b").exit()).isEqualTo(1);
        assertThat(runIn(empty, "upstreams").exit()).isEqualTo(1);
    }
}
