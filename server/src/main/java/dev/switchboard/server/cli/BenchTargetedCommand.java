package dev.switchboard.server.cli;

import dev.switchboard.bench.ws.BroadcastPlan;
import dev.switchboard.bench.ws.BroadcastResult;
import dev.switchboard.bench.ws.BroadcastRun;
import dev.switchboard.bench.ws.ControlPublisher;
import dev.switchboard.bench.ws.CpuPinning;
import dev.switchboard.bench.ws.HttpPublisher;
import dev.switchboard.bench.ws.ProcessProbe;
import dev.switchboard.bench.ws.Tables;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench targeted}: N device lines, each message published to one device picked at random, once
 * through the HTTP API and once through the control socket ({@code hub.publish}).
 */
@Command(name = "targeted", mixinStandardHelpOptions = true,
        description = {"N device lines; messages to random single devices through the HTTP API and through",
                "the control socket; prints delivered/s, latency percentiles and daemon CPU per delivery."})
final class BenchTargetedCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "2000", description = "Device lines (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", defaultValue = "2000", description = "Messages published per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--size", defaultValue = "128", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--duration", defaultValue = "15s", converter = DurationConverter.class,
            description = "Measured publishing time per door (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Publishing before each measurement (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--via", defaultValue = "http,control", split = ",",
            description = "Doors to publish through: http, control (default: ${DEFAULT-VALUE}).")
    List<String> via;

    @Override
    public Integer call() throws Exception {
        BroadcastPlan plan = new BroadcastPlan(connections, 0, rate, size, warmup, duration, 1);
        boolean pin = CpuPinning.available();
        List<String> jvm = pin ? List.of("-Xms512m", "-Xmx512m", "-XX:ActiveProcessorCount=1")
                : List.of("-Xms512m", "-Xmx512m");
        boolean failed = false;
        System.out.println(Tables.BROADCAST_HEADER.replace("| server |", "| server (door) |"));
        for (String door : via) {
            try (DaemonProcess daemon = DaemonProcess.start(jvm)) {
                if (pin) {
                    CpuPinning.pin(daemon.pid(), "0");
                    CpuPinning.pin(ProcessHandle.current().pid(), "1");
                }
                for (int i = 0; i < 200 && !Files.exists(daemon.controlSocket()); i++) {
                    Thread.sleep(50);
                }
                BroadcastRun.Publishers publishers = door.equals("control")
                        ? t -> new ControlPublisher(daemon.controlSocket(), t.body())
                        : t -> new HttpPublisher(t.publish(), t.headers(), t.body(), 4);
                BroadcastResult result = BroadcastRun.run(
                        SwitchboardBenchTarget.devices(daemon.home(), daemon.port(), connections), plan,
                        new ProcessProbe(daemon.pid()), () -> SwitchboardBenchTarget.dropped(daemon.port()),
                        publishers, true);
                System.out.println(Tables.broadcastRow(result).replaceFirst("\\| switchboard \\|",
                        "| switchboard (" + door + ") |"));
                failed |= !result.passed();
            }
        }
        return failed ? 1 : 0;
    }
}
