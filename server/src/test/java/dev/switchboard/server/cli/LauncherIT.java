package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.RawWebSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run as a user runs it: the README walkthrough (serve, token, listen, publish) and a
 * SIGTERM that ends with close 1001 to every line and exit status 0.
 */
class LauncherIT {

    private static final Path JAR = Path.of("target", "switchboard.jar");

    @TempDir
    Path home;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SWITCHBOARD_HOME", home.toString());
        builder.environment().remove("SWITCHBOARD_PORT");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Lines of a stream as they come, read on a background thread. */
    private static BlockingQueue<String> lines(java.io.InputStream stream) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(fragment)) {
                return line;
            }
        }
        throw new AssertionError("no line containing '" + fragment + "' within 30 s");
    }

    private int startServer() throws Exception {
        Process server = run("serve", "--port", "0", "--proxy-port", "0");
        String listening = awaitLine(lines(server.getInputStream()), "listening on port");
        return Integer.parseInt(listening.replaceAll(".*listening on port (\\d+).*", "$1"));
    }

    private String token(String user, String device) throws Exception {
        Process token = run("token", "--user", user, "--device", device, "--ttl", "10m");
        assertThat(token.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(token.exitValue()).isZero();
        return new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void readmeWalkthroughServeListenPublish() throws Exception {
        int port = startServer();
        Process listen = run("listen", "--user", "alice", "--device", "phone", "--port", String.valueOf(port));
        BlockingQueue<String> received = lines(listen.getInputStream());
        awaitLine(received, "connection_ack");

        String apiKey = Files.readString(home.resolve("api-key")).trim();
        assertThat(Files.getPosixFilePermissions(home.resolve("api-key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/publish"))
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"device\":\"phone\",\"data\":{\"hello\":\"world\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(published.body()).isEqualTo("{\"delivered\":1}");
        assertThat(awaitLine(received, "hello"))
                .isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":{\"hello\":\"world\"}}");
    }

    @Test
    void controlCommandsTalkToTheDaemonAndSayWhenThereIsNone() throws Exception {
        Process noDaemon = run("status");
        assertThat(noDaemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(noDaemon.exitValue()).isEqualTo(1);
        assertThat(new String(noDaemon.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("no daemon at " + home.resolve("control.sock") + "; start one with ./switchboard serve");

        int port = startServer();
        Process listen = run("listen", "--user", "alice", "--device", "phone", "--port", String.valueOf(port));
        BlockingQueue<String> received = lines(listen.getInputStream());
        awaitLine(received, "connection_ack");

        Process status = run("status");
        String statusOut = awaitLine(lines(status.getInputStream()), "gateway");
        assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status.exitValue()).isZero();
        assertThat(statusOut).contains("port " + port, "1 line(s)");

        Process publish = run("publish", "--device", "phone", "{\"via\":\"control socket\"}");
        assertThat(awaitLine(lines(publish.getInputStream()), "delivered")).isEqualTo("delivered 1");
        assertThat(awaitLine(received, "control socket"))
                .isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":{\"via\":\"control socket\"}}");

        Process call = run("call", "hub.connections", "{\"device\":\"phone\"}");
        assertThat(awaitLine(lines(call.getInputStream()), "\"total\"")).contains("1");
    }

    @Test
    void benchIdleOpensEveryLineAndReportsMemoryPerLine() throws Exception {
        Process bench = run("bench", "idle", "--connections", "50", "--heap", "64m");
        String row = awaitLine(lines(bench.getInputStream()), "| 50 |");
        assertThat(bench.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bench.exitValue()).isZero();
        assertThat(row).matches("\\| 50 \\| [0-9,]+ \\| (-?[0-9.]+ KiB|-) \\| (-?[0-9.]+ KiB|-) \\|");
    }

    @Test
    void sigtermClosesLinesWith1001AndExitsZero() throws Exception {
        Process server = run("serve", "--port", "0", "--proxy-port", "0");
        String listening = awaitLine(lines(server.getInputStream()), "listening on port");
        int port = Integer.parseInt(listening.replaceAll(".*listening on port (\\d+).*", "$1"));
        try (RawWebSocket line = RawWebSocket.open(port, "/ws?token=" + token("alice", "phone"))) {
            assertThat(line.status).isEqualTo(101);
            line.readTextContaining("connection_ack");

            server.destroy(); // SIGTERM

            assertThat(line.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1001);
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
        }
    }

    @Test
    void invalidConfigurationStopsStartUpNamingKeyAndValue() throws Exception {
        Process server = run("serve", "--port", "70000");
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(err).contains("port", "70000");
    }
}
