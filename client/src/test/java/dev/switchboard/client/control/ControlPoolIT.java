package dev.switchboard.client.control;

import static dev.switchboard.client.control.ControlClientIT.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.FakeDaemon.Reply;
import dev.switchboard.client.control.FakeDaemon.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pool against {@link FakeDaemon}: growth, idle eviction, health pings, daemon restarts. */
class ControlPoolIT {

    @TempDir
    Path dir;

    Path socket;
    FakeDaemon daemon;
    final List<ControlClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        socket = dir.resolve("control.sock");
        daemon = FakeDaemon.start(socket, FakeDaemon.ECHO);
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(ControlClient::close);
        daemon.close();
    }

    ControlClient connect(ControlClientOptions options) {
        ControlClient client = ControlClient.connect(options);
        clients.add(client);
        return client;
    }

    @Test
    void growsUnderLoadUpToMaxSpreadsCallsAndShrinksToMinWhenIdle() throws Exception {
        daemon.behaviour(request -> FakeDaemon.echo(request).after(Duration.ofMillis(100)));
        ControlClient client = connect(ControlClientOptions.forSocket(socket).withPool(1, 4).withBusyThreshold(4)
                .withIdleEviction(Duration.ofMillis(400)));
        assertThat(client.stats().connections()).isEqualTo(1);

        // Keep ~60 calls in flight until the pool has grown, checking every answer.
        List<CompletableFuture<Boolean>> checks = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int n = 0;
        while (client.stats().connections() < 4 && System.nanoTime() < deadline) {
            for (int i = 0; i < 20; i++, n++) {
                JsonNode expected = params("n", n);
                checks.add(client.callAsync("test.echo", expected).thenApply(r -> r.get("params").equals(expected)));
            }
            Thread.sleep(30);
        }
        assertThat(client.stats().connections()).isEqualTo(4);
        // A little more load so the new connections carry calls too.
        for (int i = 0; i < 200; i++, n++) {
            JsonNode expected = params("n", n);
            checks.add(client.callAsync("test.echo", expected).thenApply(r -> r.get("params").equals(expected)));
        }
        for (CompletableFuture<Boolean> check : checks) {
            assertThat(check.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(daemon.maxOpenConnections()).as("never more than poolMax").isEqualTo(4);
        Map<Integer, Long> perConnection = daemon.requests().stream()
                .collect(Collectors.groupingBy(Request::connection, Collectors.counting()));
        assertThat(perConnection).as("least-busy picking uses every connection").hasSize(4);

        // Idle: back to poolMin, and the sockets are really closed.
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().connections() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.openConnections() == 1);
        assertThat(client.call("test.echo", params("after", "shrink")).get("params")).isEqualTo(params("after", "shrink"));
        assertThat(client.stats().connections()).isEqualTo(1);
        assertThat(client.stats().connectionsOpened()).isEqualTo(4);
    }

    @Test
    void keepsPoolMinOpenAndReplacesAConnectionThatBreaks() throws Exception {
        ControlClient client = connect(ControlClientOptions.forSocket(socket).withPool(2, 4)
                .withIdleEviction(Duration.ofMillis(100)));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().connections() == 2);
        Thread.sleep(400); // several idle-eviction periods: none is evicted below poolMin
        assertThat(client.stats().connections()).isEqualTo(2);
        assertThat(daemon.openConnections()).isEqualTo(2);

        daemon.dropConnections();
        await().atMost(Duration.ofSeconds(3)).until(() -> client.stats().connections() == 2
                && daemon.openConnections() == 2);
        assertThat(client.ping()).isPositive();
    }

    @Test
    void quietConnectionsArePingedAndOneWhosePingTimesOutIsReplaced() throws Exception {
        // The first connection swallows everything, including pings; later ones answer.
        daemon.behaviour(request -> request.connection() == 1 ? Reply.noAnswer() : FakeDaemon.echo(request));
        ControlClient client = connect(ControlClientOptions.forSocket(socket).withPool(1, 1)
                .withHealthInterval(Duration.ofMillis(100)).withCallTimeout(Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.accepted() >= 2 && client.stats().connections() == 1);
        assertThat(daemon.requests()).anyMatch(r -> r.connection() == 1 && r.method().equals("system.ping"));
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.openConnections() == 1);
        JsonNode result = client.call("test.echo", params("on", "replacement"));
        assertThat(result.get("connection").asInt()).isGreaterThanOrEqualTo(2);

        // A healthy quiet connection keeps being pinged and stays.
        int before = daemon.accepted();
        Thread.sleep(600);
        long pings = daemon.requests().stream()
                .filter(r -> r.connection() == before && r.method().equals("system.ping")).count();
        assertThat(pings).isGreaterThanOrEqualTo(3);
        assertThat(daemon.accepted()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void callsSucceedAgainWithinFiveSecondsOfADaemonRestartAndNeverGetAnotherCallsAnswer(ControlMode mode)
            throws Exception {
        ControlClient client = connect(ControlClientOptions.forSocket(socket).withMode(mode).withPool(1, 4)
                .withBusyThreshold(2));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<Long> successTimes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Set<Class<?>> failureTypes = ConcurrentHashMap.newKeySet();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread caller = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    JsonNode mine = params("thread", thread, "n", n++);
                    try {
                        JsonNode result = client.call("test.echo", mine);
                        if (!result.get("params").equals(mine)) {
                            wrong.add(mine + " got " + result);
                        }
                        ok.incrementAndGet();
                        successTimes.add(System.nanoTime());
                    } catch (ControlException e) {
                        failureTypes.add(e.getClass());
                        try {
                            Thread.sleep(2);
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
            }, "restart-caller-" + t);
            caller.start();
            callers.add(caller);
        }
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> ok.get() > 200);

            daemon.stop();
            long stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().state() == ControlClientStats.State.DOWN);
            Thread.sleep(1500);
            long duringDowntime = successTimes.stream().filter(time -> time > stopped + 100_000_000L).count();
            assertThat(duringDowntime).as("nothing succeeds while the daemon is gone").isZero();

            daemon.start();
            long restarted = System.nanoTime();
            long okAtRestart = ok.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> ok.get() > okAtRestart + 100);
            long firstSuccess = successTimes.stream().filter(time -> time > restarted).min(Long::compare).orElseThrow();
            assertThat(Duration.ofNanos(firstSuccess - restarted)).isLessThan(Duration.ofSeconds(5));
        } finally {
            running.set(false);
            for (Thread caller : callers) {
                caller.join(5000);
            }
        }
        assertThat(wrong).as("no call got another call's answer").isEmpty();
        assertThat(failureTypes).isSubsetOf(ControlUnavailableException.class, ControlConnectionException.class)
                .contains(ControlUnavailableException.class);
    }

    @Test
    void aDaemonThatAcceptsAndDropsIsRetriedWithBackoffNotInALoop() throws Exception {
        ControlClient client = connect(ControlClientOptions.forSocket(socket)
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400)));
        assertThat(client.ping()).isPositive();
        daemon.dropOnAccept(true);
        daemon.dropConnections();

        Thread.sleep(1500);
        // Immediate retries would be thousands; 50, 100, 200, 400, 400… ms jittered is a handful.
        assertThat(daemon.accepted()).isBetween(3, 15);
        assertThat(client.stats().state()).isIn(ControlClientStats.State.DOWN, ControlClientStats.State.CONNECTING,
                ControlClientStats.State.UP);

        daemon.dropOnAccept(false);
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions().until(() -> client.ping() != null);
    }
}
