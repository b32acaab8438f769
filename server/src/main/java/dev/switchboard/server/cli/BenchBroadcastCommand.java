package dev.switchboard.server.cli;

import dev.switchboard.bench.ws.BroadcastPlan;
import dev.switchboard.bench.ws.BroadcastResult;
import dev.switchboard.bench.ws.BroadcastRun;
import dev.switchboard.bench.ws.CpuPinning;
import dev.switchboard.bench.ws.ProcessProbe;
import dev.switchboard.bench.ws.Tables;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench broadcast}: N subscribers of one channel on a daemon started for the purpose, one publisher
 * at a fixed rate over the HTTP API; delivered/s, end-to-end latency and the daemon's CPU per delivery.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = {"N WebSocket subscribers of one channel, a publisher at a fixed rate (HTTP API);",
                "prints delivered/s, latency percentiles and daemon CPU per delivery;",
                "with --max, the highest rate delivered in full with p99 under --p99-bound."})
final class BenchBroadcastCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "1000", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", defaultValue = "10", description = "Messages published per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--size", defaultValue = "128", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured publishing time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Publishing before the measurement starts (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--connect-rate", defaultValue = "0",
            description = "Lines opened per second, 0 for as fast as handshakes complete (default: ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--threads", defaultValue = "1", description = "Load-generator event loops (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--heap", defaultValue = "512m", description = "Daemon heap, -Xms and -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--no-pin", description = "Do not pin the daemon to core 0 and the load generator to core 1.")
    boolean noPin;

    @Option(names = "--jvm-option", description = "Extra daemon JVM option (repeatable), e.g. "
            + "-XX:StartFlightRecording=filename=sb.jfr,settings=profile,dumponexit=true")
    List<String> jvmOptions = new java.util.ArrayList<>();

    @Mixin
    BroadcastMaxOptions maxOptions = new BroadcastMaxOptions();

    @Override
    public Integer call() throws Exception {
        BroadcastPlan plan = new BroadcastPlan(connections, connectRate, rate, size, warmup, duration, threads);
        List<String> problems = dev.switchboard.bench.compare.KernelLimits.problems(connections);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("kernel limit: " + p));
            return 2;
        }
        boolean pin = !noPin && CpuPinning.available();
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        if (pin) {
            jvm.add("-XX:ActiveProcessorCount=1");
        }
        jvm.addAll(jvmOptions);
        try (DaemonProcess daemon = DaemonProcess.start(jvm)) {
            if (pin) {
                CpuPinning.pin(daemon.pid(), "0");
                CpuPinning.pin(ProcessHandle.current().pid(), "1");
            }
            if (maxOptions.max) {
                System.out.printf("daemon pid %d%s; %d subscribers, %d B messages, %s%n", daemon.pid(),
                        pin ? " on core 0 (load generator on core 1)" : "", connections, size, maxOptions.describe());
                dev.switchboard.bench.ws.BroadcastMaxRun.Result max = dev.switchboard.bench.ws.BroadcastMaxRun.run(
                        SwitchboardBenchTarget.of(daemon.home(), daemon.port()),
                        maxOptions.plan(connections, connectRate, size, threads), maxOptions.search(),
                        new ProcessProbe(daemon.pid()), () -> SwitchboardBenchTarget.dropped(daemon.port()));
                BroadcastMaxOptions.print(max);
                return max.passed() ? 0 : 1;
            }
            System.out.printf("daemon pid %d%s; %d subscribers, %.0f msg/s of %d B, %d s warm-up + %d s measured%n",
                    daemon.pid(), pin ? " on core 0 (load generator on core 1)" : "", connections, rate, size,
                    warmup.toSeconds(), duration.toSeconds());
            BroadcastResult result = BroadcastRun.run(SwitchboardBenchTarget.of(daemon.home(), daemon.port()), plan,
                    new ProcessProbe(daemon.pid()), () -> SwitchboardBenchTarget.dropped(daemon.port()));
            System.out.println(Tables.BROADCAST_HEADER);
            System.out.println(Tables.broadcastRow(result));
            return result.passed() ? 0 : 1;
        }
    }
}
