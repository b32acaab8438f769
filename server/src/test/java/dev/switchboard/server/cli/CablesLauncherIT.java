package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's patchbay on a real pseudo-terminal (util-linux {@code script} gives it one), against a
 * real daemon started from the same jar: JLine finds the system terminal inside the shaded jar, draws on
 * the alternate screen, quits on q with exit 0, and leaves the tty in canonical mode with echo, also when
 * it is killed.
 */
class CablesLauncherIT {

    private static final Path JAR = Path.of("target", "switchboard.jar").toAbsolutePath();
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path home;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SWITCHBOARD_HOME", home.toString());
        builder.environment().remove("SWITCHBOARD_PORT");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Everything a process writes, collected on a background thread. */
    private static ByteArrayOutputStream collect(InputStream stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                stream.transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return out;
    }

    private static void awaitText(ByteArrayOutputStream out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (out.toString(StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' within 60 s in:\n" + out.toString(StandardCharsets.UTF_8)
                .replace("\033", "ESC"));
    }

    private void startDaemon() throws Exception {
        ByteArrayOutputStream daemon = collect(start(List.of(java(), "-jar", JAR.toString(), "serve", "--port", "0",
                "--proxy-port", "0")).getInputStream());
        awaitText(daemon, "listening on port");
    }

    /** {@code cables} in {@code script}, then its exit status and the tty's settings as it left them. */
    private Process patchbayOnAPty() throws IOException {
        String session = "stty cols 100 rows 24; '" + java() + "' -jar '" + JAR + "' cables; echo EXIT=$?; stty -a";
        return start(List.of(SCRIPT.toString(), "-q", "-f", "-e", "-c", session, "/dev/null"));
    }

    private static void assertTerminalGivenBack(String output, String exit) {
        assertThat(output).contains("\033[?1049h").contains("\033[?1049l").contains(exit);
        String settingsAfter = output.substring(output.indexOf(exit));
        assertThat(settingsAfter).containsPattern("[ ;]icanon").containsPattern("\\secho\\s").doesNotContain("-icanon");
        assertThat(output).doesNotContain("WARNING").doesNotContain("Exception");
    }

    @Test
    void aKillGivesTheTerminalBackToo() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script is needed for a pseudo-terminal");
        startDaemon();
        Process tty = patchbayOnAPty();
        ByteArrayOutputStream screen = collect(tty.getInputStream());
        awaitText(screen, "Switchboard patchbay");
        ProcessHandle patchbay = tty.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(" cables"))
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow();
        patchbay.destroy(); // SIGTERM
        assertThat(tty.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertTerminalGivenBack(screen.toString(StandardCharsets.UTF_8), "EXIT=143");
    }

    @Test
    void thePatchbayRunsOnARealTerminalAndGivesItBack() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script is needed for a pseudo-terminal");
        startDaemon();
        try (ServerSocket devServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process register = start(List.of(java(), "-jar", JAR.toString(), "upstreams", "register", "--port",
                    String.valueOf(devServer.getLocalPort()), "--name", "web"));
            assertThat(register.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(register.exitValue()).isZero();

            Process tty = patchbayOnAPty();
            ByteArrayOutputStream screen = collect(tty.getInputStream());
            awaitText(screen, "Switchboard patchbay");
            awaitText(screen, "web 127.0.0.1:" + devServer.getLocalPort());
            OutputStream keyboard = tty.getOutputStream();
            keyboard.write('q');
            keyboard.flush();
            assertThat(tty.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertTerminalGivenBack(screen.toString(StandardCharsets.UTF_8), "EXIT=0");
        }
    }
}
