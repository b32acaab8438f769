package dev.switchboard.server.cli;

import dev.switchboard.bench.compare.BenchServer;
import dev.switchboard.bench.compare.CompareReport;
import dev.switchboard.bench.compare.Figure;
import dev.switchboard.bench.compare.KernelLimits;
import dev.switchboard.bench.compare.PeerProcess;
import dev.switchboard.bench.ws.BroadcastMaxRun;
import dev.switchboard.bench.ws.BroadcastPlan;
import dev.switchboard.bench.ws.BroadcastResult;
import dev.switchboard.bench.ws.BroadcastRun;
import dev.switchboard.bench.ws.CpuPinning;
import dev.switchboard.bench.ws.IdleResult;
import dev.switchboard.bench.ws.IdleRun;
import dev.switchboard.bench.ws.ProcessProbe;
import dev.switchboard.bench.ws.Tables;
import dev.switchboard.bench.ws.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench compare}: Switchboard and its peers, one after another in one invocation, driven by the same
 * load generator with the same CPU budget; writes bench/results/DATE-SCENARIO.{json,md,png}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one scenario against Switchboard and the peer servers of bench/peers/ in turn",
                "(server on core 0, load generator on core 1) and write a side-by-side report."})
final class BenchCompareCommand implements Callable<Integer> {

    private static final String ALL = "switchboard,netty,nodews,nchan,vertx,socketio,netty-socketio";

    @Option(names = "--scenario", required = true, description = "broadcast, idle, proxy or control.")
    String scenario;

    @Option(names = "--connections", defaultValue = "-1",
            description = "Lines per server (default: 1000 for broadcast, 10000 for idle).")
    int connections;

    @Option(names = "--rate", defaultValue = "10", description = "Broadcast: messages/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--size", defaultValue = "128", description = "Broadcast: message bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--duration", defaultValue = "15s", converter = DurationConverter.class,
            description = "Broadcast: measured time; idle: how long lines are held (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Broadcast: publishing before the measurement (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--connect-rate", defaultValue = "0",
            description = "Lines opened per second, 0 for as fast as handshakes complete (default: ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--servers", defaultValue = ALL, split = ",",
            description = "Servers to run, in order (default: ${DEFAULT-VALUE}).")
    List<String> servers;

    @Option(names = "--repeat", defaultValue = "1",
            description = "Rounds; even rounds run the servers in reverse order (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--results", description = "Directory for the report (default: bench/results in the checkout).")
    Path results;

    @Option(names = "--no-install", description = "Do not run bench/peers/install.sh first.")
    boolean noInstall;

    @Option(names = "--jvm-option", description = "Extra JVM option for the Switchboard daemon (repeatable), "
            + "e.g. -XX:StartFlightRecording=filename=sb.jfr,settings=profile,dumponexit=true")
    List<String> jvmOptions = new ArrayList<>();

    @Mixin
    BroadcastMaxOptions maxOptions = new BroadcastMaxOptions();

    @Option(names = "--window", defaultValue = "512",
            description = "Control: calls in flight when pipelined (default: ${DEFAULT-VALUE}).")
    int window;

    @Override
    public Integer call() throws Exception {
        if (maxOptions.max && !scenario.equals("broadcast")) {
            System.err.println("--max applies to the broadcast scenario only");
            return 2;
        }
        if (scenario.equals("control")) {
            return new ControlCompare(servers, duration, warmup, window, repeat, results, jvmOptions).run();
        }
        if (scenario.equals("proxy")) {
            BenchProxyCommand proxy = new BenchProxyCommand();
            proxy.servers = String.join(",", servers).equals(ALL) ? BenchProxyCommand.SERVERS : servers;
            proxy.connections = connections > 0 ? connections : 50;
            proxy.duration = duration;
            proxy.repeat = repeat;
            proxy.results = results;
            return proxy.call();
        }
        if (!scenario.equals("broadcast") && !scenario.equals("idle")) {
            System.err.println("unknown scenario " + scenario + "; use broadcast, idle, proxy or control");
            return 2;
        }
        List<String> unknown = PeerProcess.unknown(servers);
        if (!unknown.isEmpty()) {
            System.err.println("unknown servers " + unknown + "; known: " + ALL);
            return 2;
        }
        int lines = connections > 0 ? connections : scenario.equals("idle") ? 10_000 : 1_000;
        List<String> problems = KernelLimits.problems(lines);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("kernel limit: " + p));
            return 2;
        }
        Path root = checkout();
        Path peers = root.resolve("bench/peers");
        if (!noInstall && !install(peers)) {
            return 2;
        }
        if (servers.stream().anyMatch(s -> List.of("netty", "vertx", "netty-socketio").contains(s))
                && !Files.isRegularFile(root.resolve("bench-peers/target/bench-peers.jar"))) {
            System.err.println("bench-peers/target/bench-peers.jar is missing; build it: mvn -B -q install -DskipTests");
            return 2;
        }
        boolean pin = CpuPinning.available();
        String machine = machine(pin); // before pinning, which leaves this JVM seeing one core
        if (pin) {
            CpuPinning.pin(ProcessHandle.current().pid(), "1");
        }
        // an interrupted comparison must not leave its servers running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy)));
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        boolean max = scenario.equals("broadcast") && maxOptions.max;
        String command = "./switchboard bench compare --scenario " + scenario + " --connections " + lines
                + (max ? " " + maxOptions.describe() + " --size " + size
                : (scenario.equals("broadcast") ? " --rate " + fmt(rate) + " --size " + size + " --warmup " + warmup.toSeconds() + "s" : "")
                + " --duration " + duration.toSeconds() + "s")
                + " --servers " + String.join(",", servers) + " --repeat " + repeat;
        List<Figure> figures = max ? maxFigures() : scenario.equals("broadcast") ? broadcastFigures() : idleFigures();
        CompareReport report = new CompareReport(scenario, command, machine, date, figures);
        Path log = Files.createTempFile("switchboard-bench-peers-", ".log");
        System.out.println(command);
        System.out.println("peer output: " + log);
        for (int round = 1; round <= repeat; round++) {
            List<String> order = new ArrayList<>(servers);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (String server : order) {
                System.out.printf("round %d: %s ...%n", round, server);
                report.add(runOne(server, round, lines, peers, pin ? "0" : null, log));
            }
        }
        Path directory = results != null ? results : root.resolve("bench/results");
        List<Path> written = report.write(directory, date + "-" + scenario + (max ? "-max" : ""), figures.subList(0, 2));
        System.out.println();
        System.out.println(report.markdown());
        System.out.println();
        written.forEach(p -> System.out.println("wrote " + p));
        return report.anyFailed() ? 1 : 0;
    }

    private CompareReport.Run runOne(String name, int round, int lines, Path peers, String cores, Path log) {
        try (BenchServer server = start(name, peers, cores, log)) {
            Thread.sleep(1_000); // let the server finish starting before its baseline is read
            if (scenario.equals("broadcast") && maxOptions.max) {
                BroadcastMaxRun.Result r = BroadcastMaxRun.run(server.target(), maxOptions.plan(lines, connectRate, size, 1),
                        maxOptions.search(), server.probe(), server::dropped);
                BroadcastMaxOptions.print(r);
                return new CompareReport.Run(name, round, BroadcastMaxOptions.figures(r), r.failure());
            }
            if (scenario.equals("broadcast")) {
                BroadcastPlan plan = new BroadcastPlan(lines, connectRate, rate, size, warmup, duration, 1);
                BroadcastResult r = BroadcastRun.run(server.target(), plan, server.probe(), server::dropped);
                System.out.println(Tables.broadcastRow(r));
                Map<String, Double> f = new LinkedHashMap<>();
                f.put("cpuMicrosPerDelivery", r.serverCpuMicrosPerDelivery());
                f.put("p99Micros", (double) r.percentile(99));
                f.put("deliveriesPerCoreSecond", r.serverCpuMicrosPerDelivery() > 0 ? 1e6 / r.serverCpuMicrosPerDelivery() : Double.NaN);
                f.put("deliveredPerSecond", r.deliveredPerSecond());
                f.put("p50Micros", (double) r.percentile(50));
                f.put("p999Micros", (double) r.percentile(99.9));
                f.put("maxMicros", (double) r.max());
                f.put("rssMiB", r.serverRssBytes() / 1048576.0);
                f.put("connectsPerSecond", r.connectsPerSecond());
                f.put("published", (double) r.published());
                f.put("delivered", (double) r.delivered());
                f.put("expected", (double) r.expected());
                f.put("reportedDropped", (double) r.reportedDropped());
                return new CompareReport.Run(name, round, f, r.failure());
            }
            IdleResult r = IdleRun.run(server.target(), lines, connectRate, duration, 1, server.probe());
            System.out.printf(Locale.ROOT, "| %s | %d lines | %,.0f handshakes/s | %.2f KiB RSS/line | %s |%n", name,
                    r.lines(), r.handshakesPerSecond(), r.rssKibPerLine(), r.passed() ? "ok" : "FAILED: " + r.failure());
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("rssKibPerLine", r.rssKibPerLine());
            f.put("handshakesPerSecond", r.handshakesPerSecond());
            f.put("rssBeforeMiB", r.rssBefore() / 1048576.0);
            f.put("rssAfterMiB", r.rssAfter() / 1048576.0);
            f.put("lines", (double) r.lines());
            return new CompareReport.Run(name, round, f, r.failure());
        } catch (Exception e) {
            System.out.println("| " + name + " | FAILED: " + e + " |");
            return new CompareReport.Run(name, round, Map.of(), String.valueOf(e));
        }
    }

    private static List<Figure> broadcastFigures() {
        return List.of(new Figure("cpuMicrosPerDelivery", "server CPU µs/delivery", false),
                new Figure("p99Micros", "p99 µs", false),
                new Figure("deliveriesPerCoreSecond", "deliveries per core-second", true),
                new Figure("deliveredPerSecond", "delivered/s", true),
                new Figure("p50Micros", "p50 µs", false),
                new Figure("p999Micros", "p99.9 µs", false),
                new Figure("rssMiB", "peak RSS MiB", false));
    }

    private static List<Figure> maxFigures() {
        return List.of(new Figure("maxDeliveredPerSecond", "highest sustained deliveries/s", true),
                new Figure("p99AtMaxMicros", "p99 µs at that rate", false),
                new Figure("maxRate", "highest sustained msg/s", true),
                new Figure("rssMiB", "peak RSS MiB", false));
    }

    private static List<Figure> idleFigures() {
        return List.of(new Figure("rssKibPerLine", "RSS KiB/line", false),
                new Figure("handshakesPerSecond", "handshakes/s", true),
                new Figure("rssAfterMiB", "RSS MiB with all lines", false));
    }

    private BenchServer start(String name, Path peers, String cores, Path log) throws IOException, InterruptedException {
        if (!name.equals("switchboard")) {
            return PeerProcess.start(peers, name, cores, log);
        }
        List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
        jvm.addAll(jvmOptions);
        if (cores != null) {
            jvm.add("-XX:ActiveProcessorCount=" + cores.split(",").length);
        }
        DaemonProcess daemon = DaemonProcess.start(jvm);
        if (cores != null) {
            CpuPinning.pin(daemon.pid(), cores);
        }
        Target target = SwitchboardBenchTarget.of(daemon.home(), daemon.port());
        return new BenchServer() {
            @Override
            public Target target() {
                return target;
            }

            @Override
            public ProcessProbe probe() {
                return new ProcessProbe(daemon.pid());
            }

            @Override
            public long dropped() {
                return SwitchboardBenchTarget.dropped(daemon.port());
            }

            @Override
            public void close() throws InterruptedException {
                daemon.close();
            }
        };
    }

    private boolean install(Path peers) throws IOException, InterruptedException {
        if (servers.stream().noneMatch(s -> List.of("nodews", "nchan", "socketio").contains(s))) {
            return true;
        }
        Process install = new ProcessBuilder("bash", peers.resolve("install.sh").toString()).inheritIO().start();
        if (install.waitFor() != 0) {
            System.err.println("bench/peers/install.sh failed; fix it or pass --no-install and fewer --servers");
            return false;
        }
        return true;
    }

    /** The checkout this jar was built in: server/target/switchboard.jar → the root above server/. */
    static Path checkout() {
        try {
            Path jar = Path.of(BenchCompareCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent().getParent().getParent();
            return Files.isDirectory(root.resolve("bench/peers")) ? root : Path.of("").toAbsolutePath();
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }

    static String machine(boolean pinned) {
        String memory = "";
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException | RuntimeException e) {
            // unknown memory
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + (pinned ? "; each server pinned to core 0 (one event loop / worker), "
                + "load generator on core 1" : "; unpinned");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
