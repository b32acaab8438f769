package dev.switchboard.server.cli;

import dev.switchboard.bench.control.ControlLoad;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench control}: calls per second over the control socket, JSON-RPC and binary, one at a time and
 * pipelined, against a daemon in its own process; also the daemon's CPU time per call.
 */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = {"Calls/s of system.ping over the Unix control socket: JSON-RPC and binary,",
                "one at a time and pipelined, against a freshly started daemon process."})
final class BenchControlCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Length of each of the four runs (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--window", defaultValue = "512",
            description = "Calls in flight when pipelined (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "Warm-up before each measured run (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Override
    public Integer call() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(List.of("-Xms256m", "-Xmx256m"))) {
            for (int i = 0; i < 200 && !Files.exists(daemon.controlSocket()); i++) {
                Thread.sleep(50);
            }
            System.out.printf("daemon pid %d, %s, %d s per run, window %d%n", daemon.pid(), daemon.controlSocket(),
                    duration.toSeconds(), window);
            System.out.println("| protocol | mode | calls/s | p50 µs | p99 µs | daemon CPU µs/call | errors |");
            System.out.println("|---|---|---|---|---|---|---|");
            boolean failed = false;
            for (ControlLoad.Protocol protocol : ControlLoad.Protocol.values()) {
                ControlLoad load = new ControlLoad(daemon.controlSocket(), protocol);
                for (boolean pipelined : new boolean[] {false, true}) {
                    run(load, pipelined, warmup);
                    long cpuBefore = daemon.cpuNanos();
                    ControlLoad.Result result = run(load, pipelined, duration);
                    double cpuPerCall = (daemon.cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, result.calls());
                    System.out.printf("| %s | %s | %,.0f | %s | %s | %.2f | %d |%n", protocol,
                            pipelined ? "pipelined (" + window + ")" : "one at a time", result.callsPerSecond(),
                            percentile(result, 50), percentile(result, 99), cpuPerCall, result.errors());
                    failed |= result.errors() > 0 || result.calls() == 0;
                }
            }
            return failed ? 1 : 0;
        }
    }

    private ControlLoad.Result run(ControlLoad load, boolean pipelined, Duration length) throws Exception {
        return pipelined ? load.pipelined(length, window) : load.sequential(length);
    }

    private static String percentile(ControlLoad.Result result, double percentile) {
        return result.latencyMicros() == null ? "-" : String.valueOf(result.latencyMicros().getValueAtPercentile(percentile));
    }
}
