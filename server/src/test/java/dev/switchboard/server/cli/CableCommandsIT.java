package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.TestGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code upstreams}, {@code cables --list} and {@code cable connect|disconnect} run exactly as the launcher
 * runs them, against a real node's control socket with {@link StandInCableMethods} registered.
 */
class CableCommandsIT {

    @TempDir
    Path home;
    private TestGateway gateway;
    private StandInCableMethods daemon;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home, config -> config);
        daemon = StandInCableMethods.registerOn(gateway.node.methods());
    }

    @AfterEach
    void stop() {
        gateway.close();
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

    @Test
    void upstreamsRegisterListAndUnregister() {
        Run registered = run("upstreams", "register", "--port", "5173", "--name", "web", "--bundle-id",
                "com.example.web", "--root", "/src/web");
        assertThat(registered.exit()).isZero();
        assertThat(registered.out()).isEqualTo("registered u1 web at 127.0.0.1:5173 (live)\n");
        assertThat(run("upstreams", "register", "--port", "8082", "--host", "localhost").exit()).isZero();

        Run listed = run("upstreams");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out().lines().toList()).hasSize(4).startsWith("UPSTREAMS (2)");
        assertThat(listed.out().lines().toList().get(1)).startsWith("  ID  NAME  BUNDLE ID        ADDRESS");
        assertThat(listed.out().lines().toList().get(2))
                .matches("  u1  web   com\\.example\\.web  127\\.0\\.0\\.1:5173  live   /src/web  \\d+s ago");
        assertThat(listed.out().lines().toList().get(3)).startsWith("  u2  -     -                localhost:8082");
        assertThat(run("upstreams", "--json").out()).contains("\"bundleId\" : \"com.example.web\"");

        assertThat(run("upstreams", "unregister", "u1").out()).isEqualTo("unregistered u1\n");
        Run again = run("upstreams", "unregister", "u1");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("nothing to unregister: no upstream u1\n");
        assertThat(daemon.calls()).containsExactly("register 127.0.0.1:5173", "register localhost:8082",
                "unregister u1", "unregister u1");
    }

    @Test
    void cableConnectChangesWhereTrafficGoesAndCablesListShowsIt() {
        run("upstreams", "register", "--port", "5173", "--name", "web");
        run("upstreams", "register", "--port", "8082", "--name", "shop");
        daemon.seeClient("c-7f3a", "host.exp.Exponent", "u1", "cookie");
        daemon.seeClient("c-91bb", "host.exp.Exponent", "u1", "fallback");

        Run connected = run("cable", "connect", "c-91bb", "u2");
        assertThat(connected.exit()).isZero();
        assertThat(connected.out()).isEqualTo("plugged c-91bb into u2: its next request follows the cable\n");

        Run listed = run("cables", "--list");
        assertThat(listed.exit()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("CLIENTS (2)");
        assertThat(lines.get(2)).contains("c-7f3a").contains("u1 web (127.0.0.1:5173)").contains("cookie: sticky cookie");
        assertThat(lines.get(3)).contains("c-91bb").contains("u2 shop (127.0.0.1:8082)").endsWith("cable: operator cable");
        assertThat(lines).contains("CABLES (1)");
        assertThat(lines.get(lines.size() - 1)).startsWith("  c-91bb  u2 shop (127.0.0.1:8082)  cable");

        // the cabled upstream dies: the listing shows the fallback the traffic takes, and the ignored cable
        daemon.setLive("u2", false);
        assertThat(run("cables", "--list").out().lines().toList().get(3))
                .contains("u1 web").contains("its cable to u2 is not followed (upstream dead)");

        Run disconnected = run("cable", "disconnect", "c-91bb");
        assertThat(disconnected.exit()).isZero();
        assertThat(disconnected.out()).isEqualTo("disconnected c-91bb: its routing is learned again\n");
        assertThat(run("cable", "disconnect", "c-91bb").out()).isEqualTo("nothing to disconnect: c-91bb has no cable\n");
        assertThat(daemon.calls()).endsWith("connect c-91bb u2", "disconnect c-91bb", "disconnect c-91bb");
    }

    @Test
    void aPendingCableTakesAnAppIdentifier() {
        run("upstreams", "register", "--port", "5173", "--name", "web");
        daemon.seeClient("c-7f3a", "host.exp.Exponent", "u1", "cookie");

        Run pending = run("cable", "connect", "host.exp.Exponent", "u1");
        assertThat(pending.out()).isEqualTo("pending cable: the next new host.exp.Exponent client goes to u1\n");
        assertThat(run("cables", "--list").out()).contains("host.exp.Exponent  u1 web (127.0.0.1:5173)  pending");
    }

    @Test
    void refusalsAndUsageErrorsExit2WithTheReason() {
        Run refused = run("cable", "connect", "c-nobody", "u9");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("switchboard: cable.connect failed: no upstream u9 (see upstream.list) (-32002)\n");

        Run missingUpstream = run("cable", "connect", "c-1");
        assertThat(missingUpstream.exit()).isEqualTo(2);
        assertThat(missingUpstream.err()).contains("Missing required parameter: 'UPSTREAM'");

        Run noVerb = run("cable");
        assertThat(noVerb.exit()).isEqualTo(2);
        assertThat(noVerb.err()).contains("connect").contains("disconnect");

        Run badPort = run("upstreams", "register", "--port", "0");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).contains("port must be 1-65535");
        assertThat(daemon.calls()).isEmpty();
    }

    @Test
    void withoutATerminalCablesPrintsTheList() {
        run("upstreams", "register", "--port", "5173", "--name", "web");
        daemon.seeClient("c-7f3a", "host.exp.Exponent", "u1", "cookie");

        // tests run with stdin and stdout on pipes, as under a script or `| less`
        Run plain = run("cables");
        assertThat(plain.exit()).isZero();
        assertThat(plain.out()).isEqualTo(run("cables", "--list").out());
        assertThat(plain.out()).startsWith("CLIENTS (1)").contains("UPSTREAMS (1)").contains("CABLES (0)");
    }

    @Test
    void aDaemonWithoutTheRoutingProxySaysSoWithExit2(@TempDir Path otherHome) throws Exception {
        try (TestGateway plain = TestGateway.start(otherHome, config -> config)) {
            Run run = runIn(otherHome, "cables", "--list");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("switchboard: cable.list failed:");
            assertThat(runIn(otherHome, "upstreams").exit()).isEqualTo(2);
        }
    }

    @Test
    void noDaemonExits1(@TempDir Path empty) {
        assertThat(runIn(empty, "cables", "--list").exit()).isEqualTo(1);
        assertThat(runIn(empty, "cable", "connect", "a", "b").exit()).isEqualTo(1);
        assertThat(runIn(empty, "upstreams").exit()).isEqualTo(1);
    }
}
