package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.control.ControlSuite;
import dev.switchboard.bench.ws.BroadcastMaxRun;
import dev.switchboard.bench.ws.BroadcastPlan;
import dev.switchboard.bench.ws.BroadcastResult;
import dev.switchboard.bench.ws.BroadcastRun;
import dev.switchboard.bench.ws.ControlPublisher;
import dev.switchboard.bench.ws.HttpPublisher;
import dev.switchboard.bench.ws.IdleResult;
import dev.switchboard.bench.ws.IdleRun;
import dev.switchboard.bench.ws.MaxRateSearch;
import dev.switchboard.bench.ws.ProcessProbe;
import dev.switchboard.bench.ws.Target;
import dev.switchboard.server.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke runs of the bench scenarios against a real gateway in this JVM: small N, a second or two, asserting
 * that the load generator and its accounting are right, never how fast anything is.
 */
class BenchScenariosIT {

    private static final ProcessProbe SELF = new ProcessProbe(ProcessHandle.current().pid());

    private static Target target(TestGateway gateway) {
        return Target.switchboard(gateway.port(), i -> gateway.token("bench-user-" + i, "bench-device-" + i),
                TestGateway.API_KEY, SwitchboardBenchTarget.CHANNEL);
    }

    @Test
    void broadcastDeliversEveryMessageToEverySubscriberAndMeasuresIt(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            BroadcastPlan plan = new BroadcastPlan(20, 0, 20, 200, Duration.ofMillis(300), Duration.ofSeconds(1), 1);
            BroadcastResult result = BroadcastRun.run(target(gateway), plan, SELF,
                    () -> SwitchboardBenchTarget.dropped(gateway.port()));

            assertThat(result.failure()).isNull();
            assertThat(result.lines()).isEqualTo(20);
            assertThat(result.published()).isPositive();
            assertThat(result.expected()).isEqualTo(result.published() * 20);
            assertThat(result.delivered()).isEqualTo(result.expected());
            assertThat(result.unstamped()).as("every frame after subscribing carried a stamp").isZero();
            assertThat(result.latencyMicros().getTotalCount()).isPositive().isLessThanOrEqualTo(result.delivered());
            assertThat(result.percentile(50)).isLessThanOrEqualTo(result.percentile(99));
            assertThat(result.percentile(99)).isLessThanOrEqualTo(result.max());
            assertThat(result.deliveredPerSecond()).isPositive();
            assertThat(result.reportedDropped()).isZero();
        }
    }

    @Test
    void broadcastMaxFindsARateThatDeliveredEverything(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            // a bound of 10 s and a ceiling of 40 msg/s: this checks the search and its accounting, not speed
            MaxRateSearch search = new MaxRateSearch(new MaxRateSearch.Settings(10, 1, 40, 10_000_000, 0.1,
                    Duration.ofSeconds(60), Duration.ZERO));
            BroadcastMaxRun.Plan plan = new BroadcastMaxRun.Plan(10, 0, 128, Duration.ofMillis(200),
                    Duration.ofMillis(500), 1, Duration.ofMillis(300), 10);
            BroadcastMaxRun.Result result = BroadcastMaxRun.run(target(gateway), plan, search, SELF,
                    () -> SwitchboardBenchTarget.dropped(gateway.port()));

            assertThat(result.failure()).isNull();
            assertThat(result.lines()).isEqualTo(10);
            assertThat(result.outcome().found()).isTrue();
            MaxRateSearch.Step best = result.outcome().best();
            assertThat(best.passed()).isTrue();
            assertThat(best.measurement().failure()).as("the sustained step delivered everything").isNull();
            assertThat(best.measurement().rate()).isPositive();
            assertThat(best.measurement().deliveredPerSecond()).isPositive();
            assertThat(best.measurement().p99Micros()).isNotNegative();
            assertThat(result.outcome().steps()).contains(best);
        }
    }

    @Test
    void controlSuiteCallsThroughBothFramingsOneAtATimeAndPipelined(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            Path socket = dev.switchboard.client.control.ControlSocketPath.in(home);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> java.nio.file.Files.exists(socket));
            ControlSuite.Outcome outcome = ControlSuite.run(socket, SELF::cpuNanos, Duration.ZERO,
                    Duration.ofMillis(300), 16);

            assertThat(outcome.failure()).isNull();
            assertThat(outcome.rows()).hasSize(4);
            for (String key : java.util.List.of("jsonRpcSequential", "jsonRpcPipelined", "binarySequential",
                    "binaryPipelined")) {
                assertThat(outcome.figures().get(key + "CallsPerSecond")).as(key).isPositive();
                assertThat(outcome.figures().get(key + "Errors")).as(key).isZero();
            }
            assertThat(outcome.figures()).containsKeys("jsonRpcSequentialP99Micros", "binarySequentialP99Micros");
            // the compare report keys are the suite's
            assertThat(ControlCompare.figures()).allMatch(f -> outcome.figures().containsKey(f.key()));
        }
    }

    @Test
    void targetedDeliversEachMessageToOneDeviceThroughHttpAndTheControlSocket(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            Target devices = Target.switchboardDevices(gateway.port(),
                    i -> gateway.token("bench-user-" + i, "bench-device-" + i), TestGateway.API_KEY, 10,
                    i -> "bench-device-" + i);
            BroadcastPlan plan = new BroadcastPlan(10, 0, 100, 128, Duration.ofMillis(200), Duration.ofMillis(800), 1);
            Path socket = dev.switchboard.client.control.ControlSocketPath.in(home);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> java.nio.file.Files.exists(socket));
            for (BroadcastRun.Publishers door : java.util.List.<BroadcastRun.Publishers>of(
                    t -> new HttpPublisher(t.publish(), t.headers(), t.body(), 2),
                    t -> new ControlPublisher(socket, t.body()))) {
                BroadcastResult result = BroadcastRun.run(devices, plan, SELF, () -> 0, door, true);
                assertThat(result.failure()).isNull();
                assertThat(result.published()).isPositive();
                assertThat(result.expected()).as("one delivery per publish").isEqualTo(result.published());
                assertThat(result.delivered()).isEqualTo(result.published());
            }
        }
    }

    @Test
    void broadcastFailsARunWhoseLinesCannotOpen(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            Target badTokens = new Target("switchboard", i -> java.net.URI.create("ws://127.0.0.1:" + gateway.port()
                    + "/ws?token=not-a-token"), target(gateway).protocol(), target(gateway).publish(),
                    target(gateway).headers(), target(gateway).body());
            BroadcastPlan plan = new BroadcastPlan(3, 0, 10, 64, Duration.ZERO, Duration.ofMillis(200), 1);
            BroadcastResult result = BroadcastRun.run(badTokens, plan, SELF, () -> 0);
            assertThat(result.passed()).isFalse();
            assertThat(result.failure()).contains("3 of 3 lines did not open");
        }
    }

    @Test
    void idleHoldsEveryLineOpenAndReadsTheServersMemory(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            IdleResult result = IdleRun.run(target(gateway), 50, 0, Duration.ofMillis(300), 1, SELF);
            assertThat(result.failure()).isNull();
            assertThat(result.lines()).isEqualTo(50);
            assertThat(result.handshakesPerSecond()).isPositive();
            assertThat(result.rssBefore()).isPositive();
            assertThat(result.rssAfter()).isPositive();
        }
    }

    @Test
    void proxyScenarioRegistersItsUpstreamOrKnowsTheDevProxyIsMissing(@TempDir Path home) throws Exception {
        try (TestGateway gateway = TestGateway.start(home)) {
            Path socket = dev.switchboard.client.control.ControlSocketPath.in(home);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> java.nio.file.Files.exists(socket));
            String answer = dev.switchboard.bench.proxy.ControlCall.call(socket, "upstream.register",
                    "{\"port\":" + gateway.port() + ",\"host\":\"127.0.0.1\"}");
            // before the dev proxy is merged the daemon answers "method not found" and the scenario skips it;
            // after, the registration must succeed
            assertThat(dev.switchboard.bench.proxy.ControlCall.isMethodNotFound(answer)
                    || !dev.switchboard.bench.proxy.ControlCall.isError(answer)).as(answer).isTrue();
            assertThat(dev.switchboard.bench.proxy.ControlCall.call(socket, "system.ping", "{}")).contains("\"result\"");
        }
    }

    @Test
    void droppedDeliveriesAreSummedFromPrometheusText() {
        String metrics = "# TYPE switchboard_messages_dropped_total counter\n"
                + "switchboard_messages_dropped_total{reason=\"slow_consumer\"} 3.0\n"
                + "switchboard_messages_dropped_total{reason=\"line_closed\"} 2.0\n"
                + "switchboard_messages_published_total 9.0\n";
        assertThat(SwitchboardBenchTarget.parseDropped(metrics)).isEqualTo(5);
        assertThat(SwitchboardBenchTarget.parseDropped("")).isZero();
    }
}
