package dev.switchboard.server.cli;

import dev.switchboard.bench.compare.CompareReport;
import dev.switchboard.bench.compare.Figure;
import dev.switchboard.bench.compare.PeerProcess;
import dev.switchboard.bench.proxy.ControlCall;
import dev.switchboard.bench.proxy.Wrk;
import dev.switchboard.bench.proxy.WrkResult;
import dev.switchboard.bench.ws.CpuPinning;
import dev.switchboard.bench.ws.ProcessProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench proxy}: {@code wrk -t1 -c50} requests/s and latency against a one-loop upstream directly, through
 * nginx and HAProxy (one worker each), and through Switchboard's dev proxy (the upstream registered with
 * {@code upstream.register}; skipped with a message when the daemon has no such method). Proxy and upstream
 * share core 0, wrk runs on core 1.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"HTTP requests/s and latency (wrk) to an upstream directly and through nginx, HAProxy",
                "and Switchboard's dev proxy; writes bench/results/DATE-proxy.{json,md,png}."})
final class BenchProxyCommand implements Callable<Integer> {

    static final List<String> SERVERS = List.of("direct", "nginx", "haproxy", "switchboard");

    @Option(names = "--connections", defaultValue = "50", description = "wrk connections (default: ${DEFAULT-VALUE}).")
    int connections = 50;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "wrk run length per target (default: ${DEFAULT-VALUE}).")
    Duration duration = Duration.ofSeconds(10);

    @Option(names = "--servers", split = ",", defaultValue = "direct,nginx,haproxy,switchboard",
            description = "Targets, in order (default: ${DEFAULT-VALUE}).")
    List<String> servers = SERVERS;

    @Option(names = "--repeat", defaultValue = "1", description = "Rounds, alternating order (default: ${DEFAULT-VALUE}).")
    int repeat = 1;

    @Option(names = "--results", description = "Directory for the report (default: bench/results in the checkout).")
    Path results;

    @Option(names = "--switchboard-jar", description = "The Switchboard jar to start as the proxy "
            + "(default: this checkout's server/target/switchboard.jar), e.g. another branch's build.")
    Path switchboardJar;

    @Override
    public Integer call() throws Exception {
        for (String server : servers) {
            if (!SERVERS.contains(server)) {
                System.err.println("unknown proxy target " + server + "; known: " + SERVERS);
                return 2;
            }
        }
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            System.err.println("wrk is missing: run bench/peers/install.sh (apt-get install wrk nginx haproxy)");
            return 2;
        }
        Path root = BenchCompareCommand.checkout();
        Path peers = root.resolve("bench/peers");
        boolean pin = CpuPinning.available();
        String serverCores = pin ? "0" : null;
        String loadCores = pin ? "1" : null;
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        String command = "./switchboard bench proxy --connections " + connections + " --duration "
                + duration.toSeconds() + "s --servers " + String.join(",", servers) + " --repeat " + repeat
                + (switchboardJar != null ? " --switchboard-jar " + switchboardJar : "");
        List<Figure> figures = List.of(new Figure("requestsPerSecond", "requests/s", true),
                new Figure("p99Micros", "p99 µs", false), new Figure("p50Micros", "p50 µs", false),
                new Figure("proxyCpuMicrosPerRequest", "proxy CPU µs/request", false));
        CompareReport report = new CompareReport("proxy", command, BenchCompareCommand.machine(pin)
                + "; wrk -t1 on core 1, proxy and upstream on core 0", date, figures);
        Path log = Files.createTempFile("switchboard-bench-proxy-", ".log");
        System.out.println(command);
        System.out.println("peer output: " + log);
        try (PeerProcess upstream = PeerProcess.startPlain(peers, "upstream", serverCores, log)) {
            // the upstream's JIT warms up before any target is measured, so "direct" is not its cold start
            Wrk.run("http://127.0.0.1:" + upstream.port() + "/", connections, Duration.ofSeconds(5), loadCores);
            for (int round = 1; round <= repeat; round++) {
                List<String> order = new ArrayList<>(servers);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (String server : order) {
                    report.add(runOne(server, round, upstream.port(), peers, root, serverCores, loadCores, log));
                }
            }
        }
        Path directory = results != null ? results : root.resolve("bench/results");
        List<Path> written = report.write(directory, date + "-proxy", figures.subList(0, 2));
        System.out.println();
        System.out.println(report.markdown());
        System.out.println();
        written.forEach(p -> System.out.println("wrote " + p));
        return report.anyFailed() ? 1 : 0;
    }

    private CompareReport.Run runOne(String server, int round, int upstreamPort, Path peers, Path root,
                                     String serverCores, String loadCores, Path log) {
        System.out.printf("round %d: %s ...%n", round, server);
        try {
            if (server.equals("direct")) {
                return measure(server, round, upstreamPort, null, loadCores);
            }
            if (server.equals("switchboard")) {
                return switchboard(round, upstreamPort, root, serverCores, loadCores);
            }
            try (PeerProcess proxy = PeerProcess.startPlain(peers, server.equals("nginx") ? "nginx-proxy" : "haproxy",
                    serverCores, log, String.valueOf(upstreamPort))) {
                return measure(server, round, proxy.port(), proxy.probe(), loadCores);
            }
        } catch (Exception e) {
            System.out.println("| " + server + " | FAILED: " + e + " |");
            return new CompareReport.Run(server, round, Map.of(), String.valueOf(e));
        }
    }

    private CompareReport.Run measure(String server, int round, int port, ProcessProbe proxy, String loadCores)
            throws IOException, InterruptedException {
        Wrk.run("http://127.0.0.1:" + port + "/", connections, Duration.ofSeconds(2), loadCores); // warm-up
        long cpuBefore = proxy == null ? 0 : proxy.cpuNanos();
        WrkResult r = Wrk.run("http://127.0.0.1:" + port + "/", connections, duration, loadCores);
        long cpu = proxy == null ? 0 : proxy.cpuNanos() - cpuBefore;
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("requestsPerSecond", r.requestsPerSecond());
        f.put("p99Micros", r.p99Micros());
        f.put("p50Micros", r.p50Micros());
        f.put("proxyCpuMicrosPerRequest", proxy == null ? Double.NaN : cpu / 1000.0 / Math.max(1, r.requests()));
        f.put("p90Micros", r.p90Micros());
        f.put("requests", (double) r.requests());
        System.out.printf("| %s | %,.0f requests/s | p50 %.0f µs | p99 %.0f µs | %s |%n", server, r.requestsPerSecond(),
                r.p50Micros(), r.p99Micros(), r.failure() == null ? "ok" : "FAILED: " + r.failure());
        return new CompareReport.Run(server, round, f, r.failure());
    }

    /** Switchboard's dev proxy on a port chosen here, the upstream registered over the control socket. */
    private CompareReport.Run switchboard(int round, int upstreamPort, Path root, String serverCores, String loadCores)
            throws Exception {
        Path home = Files.createTempDirectory("switchboard-bench-proxy-");
        int proxyPort = PeerProcess.freePort();
        List<String> command = new ArrayList<>();
        if (serverCores != null) {
            command.addAll(List.of("taskset", "-c", serverCores));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m"));
        if (serverCores != null) {
            command.add("-XX:ActiveProcessorCount=1");
        }
        Path jar = switchboardJar != null ? switchboardJar : root.resolve("server/target/switchboard.jar");
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0",
                "--proxy-port", String.valueOf(proxyPort), "--home", home.toString()));
        Process daemon = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.contains("listening on port")) {
                throw new IOException("the Switchboard daemon did not start (" + line + ")");
            }
            Path socket = dev.switchboard.client.control.ControlSocketPath.in(home);
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            String answer = ControlCall.call(socket, "upstream.register",
                    "{\"port\":" + upstreamPort + ",\"host\":\"127.0.0.1\"}");
            if (ControlCall.isMethodNotFound(answer)) {
                String why = "skipped: this build's daemon has no dev proxy (upstream.register: method not found)";
                System.out.println("| switchboard | " + why + " |");
                return new CompareReport.Run("switchboard", round, Map.of(), why);
            }
            if (ControlCall.isError(answer)) {
                throw new IOException("upstream.register failed: " + answer);
            }
            for (int i = 0; i < 100 && !accepts(proxyPort); i++) {
                Thread.sleep(50);
            }
            return measure("switchboard", round, proxyPort, new ProcessProbe(daemon.pid()), loadCores);
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
