package dev.switchboard.server.cli;

import dev.switchboard.bench.compare.CompareReport;
import dev.switchboard.bench.compare.Figure;
import dev.switchboard.bench.control.ControlSuite;
import dev.switchboard.bench.ws.CpuPinning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench compare --scenario control}: the control-socket suite against Switchboard, the only server
 * with such a socket (every peer is listed as skipped, saying so), written as the same JSON, markdown and
 * PNG report as the other scenarios.
 */
final class ControlCompare {

    static final String NO_SOCKET = CompareReport.SKIPPED + ": no control socket (only Switchboard has one)";

    private final List<String> servers;
    private final Duration duration;
    private final Duration warmup;
    private final int window;
    private final int repeat;
    private final Path results;
    private final List<String> jvmOptions;

    ControlCompare(List<String> servers, Duration duration, Duration warmup, int window, int repeat, Path results,
                   List<String> jvmOptions) {
        this.servers = servers;
        this.duration = duration;
        this.warmup = warmup;
        this.window = window;
        this.repeat = repeat;
        this.results = results;
        this.jvmOptions = jvmOptions;
    }

    static List<Figure> figures() {
        return List.of(new Figure("binaryPipelinedCallsPerSecond", "binary pipelined calls/s", true),
                new Figure("jsonRpcPipelinedCallsPerSecond", "JSON-RPC pipelined calls/s", true),
                new Figure("binarySequentialCallsPerSecond", "binary one-at-a-time calls/s", true),
                new Figure("jsonRpcSequentialCallsPerSecond", "JSON-RPC one-at-a-time calls/s", true),
                new Figure("binarySequentialP99Micros", "binary one-at-a-time p99 µs", false),
                new Figure("jsonRpcSequentialP99Micros", "JSON-RPC one-at-a-time p99 µs", false),
                new Figure("binaryPipelinedCpuMicrosPerCall", "binary pipelined server CPU µs/call", false),
                new Figure("jsonRpcPipelinedCpuMicrosPerCall", "JSON-RPC pipelined server CPU µs/call", false));
    }

    int run() throws Exception {
        boolean pin = CpuPinning.available();
        String machine = BenchCompareCommand.machine(pin);
        if (pin) {
            CpuPinning.pin(ProcessHandle.current().pid(), "1");
        }
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        String command = "./switchboard bench compare --scenario control --duration " + duration.toSeconds()
                + "s --warmup " + warmup.toSeconds() + "s --window " + window + " --servers " + String.join(",", servers)
                + " --repeat " + repeat;
        CompareReport report = new CompareReport("control", command, machine, date, figures());
        System.out.println(command);
        System.out.println("only Switchboard has a control socket; every other server is reported as skipped");
        for (int round = 1; round <= repeat; round++) {
            for (String server : servers) {
                if (!server.equals("switchboard")) {
                    report.add(new CompareReport.Run(server, round, Map.of(), NO_SOCKET));
                    continue;
                }
                System.out.printf("round %d: switchboard ...%n", round);
                report.add(runSwitchboard(round, pin));
            }
        }
        Path directory = results != null ? results : BenchCompareCommand.checkout().resolve("bench/results");
        List<Path> written = report.write(directory, date + "-control", figures().subList(0, 2));
        System.out.println();
        System.out.println(report.markdown());
        System.out.println();
        written.forEach(p -> System.out.println("wrote " + p));
        return report.anyFailed() ? 1 : 0;
    }

    private CompareReport.Run runSwitchboard(int round, boolean pin) {
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx256m"));
        if (pin) {
            jvm.add("-XX:ActiveProcessorCount=1");
        }
        jvm.addAll(jvmOptions);
        try (DaemonProcess daemon = DaemonProcess.start(jvm)) {
            if (pin) {
                CpuPinning.pin(daemon.pid(), "0");
            }
            for (int i = 0; i < 200 && !Files.exists(daemon.controlSocket()); i++) {
                Thread.sleep(50);
            }
            ControlSuite.Outcome outcome = ControlSuite.run(daemon.controlSocket(), daemon::cpuNanos, warmup, duration, window);
            System.out.println(ControlSuite.HEADER);
            outcome.rows().forEach(System.out::println);
            return new CompareReport.Run("switchboard", round, outcome.figures(), outcome.failure());
        } catch (Exception e) {
            System.out.println("| switchboard | FAILED: " + e + " |");
            return new CompareReport.Run("switchboard", round, Map.of(), String.valueOf(e));
        }
    }
}
