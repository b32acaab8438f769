package dev.switchboard.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.client.control.ControlException;
import dev.switchboard.client.control.ControlMode;
import dev.switchboard.client.control.ControlUnavailableException;
import dev.switchboard.server.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client against the real daemon: a pooled client keeps calling while the daemon stops and starts
 * again on the same socket path; calls succeed again within 5 s and no call ever gets another's answer.
 */
class ControlClientRestartIT {

    /** Echo params so every call can check it got its own answer. */
    public record EchoParams(long n) {
    }

    @TempDir
    Path home;
    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestGateway startDaemon() throws Exception {
        TestGateway started = TestGateway.start(home);
        started.node.methods().register("test.echo", EchoParams.class, "{n}", "echoes n",
                (p, ctx) -> Map.of("n", p.n()));
        return started;
    }

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void callsSucceedAgainWithin5sOfARestartAndNeverGetAnotherCallsAnswer(ControlMode mode) throws Exception {
        gateway = startDaemon();
        ControlClientOptions options = ControlClientOptions.forSocket(home.resolve("control.sock"))
                .withMode(mode).withPool(2, 4).withCallTimeout(Duration.ofSeconds(2));
        AtomicLong ok = new AtomicLong();
        AtomicLong wrongAnswers = new AtomicLong();
        AtomicLong lastOkNanos = new AtomicLong();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ControlClient client = ControlClient.connect(options)) {
            CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
                long n = 0;
                while (running.get()) {
                    n++;
                    try {
                        long echoed = client.call("test.echo", Map.of("n", n)).path("n").asLong();
                        if (echoed != n) {
                            wrongAnswers.incrementAndGet();
                        }
                        ok.incrementAndGet();
                        lastOkNanos.set(System.nanoTime());
                    } catch (ControlException expectedWhileDown) {
                        sleepQuietly(5);
                    } catch (RuntimeException e) {
                        unexpected.compareAndSet(null, e);
                    }
                }
            });
            awaitCalls(ok, 200);

            gateway.close();
            gateway = null;
            assertThat(isUnavailable(client)).as("calls fail fast while the daemon is down").isTrue();
            long okWhileDown = ok.get();
            Thread.sleep(300);

            long restartedAt = System.nanoTime();
            gateway = startDaemon();
            long deadline = restartedAt + TimeUnit.SECONDS.toNanos(5);
            while (lastOkNanos.get() < restartedAt && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            running.set(false);
            caller.get(10, TimeUnit.SECONDS);

            assertThat(lastOkNanos.get()).as("a call succeeded within 5 s of the restart").isGreaterThan(restartedAt);
            assertThat(ok.get()).isGreaterThan(okWhileDown);
            assertThat(wrongAnswers.get()).isZero();
            assertThat(unexpected.get()).isNull();
        }
    }

    @Test
    void pooledConnectionsOutliveTheDaemonsSilenceTimeout() throws Exception {
        gateway = startDaemon();
        ControlClientOptions options = ControlClientOptions.forSocket(home.resolve("control.sock")).withPool(2, 2);
        try (ControlClient client = ControlClient.connect(options)) {
            Thread.sleep(6_500); // longer than the 5 s the daemon allows a silent connection
            assertThat(client.call("test.echo", Map.of("n", 7)).path("n").asLong()).isEqualTo(7);
            assertThat(client.stats().connectionsOpened()).as("no reconnect was needed").isLessThanOrEqualTo(2);
        }
    }

    private static boolean isUnavailable(ControlClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                client.call("system.ping", null);
            } catch (ControlUnavailableException e) {
                return e.getMessage().contains("no daemon at") && e.getMessage().contains("./switchboard serve");
            } catch (ControlException transientLoss) {
                // in-flight calls fail with a connection error first
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static void awaitCalls(AtomicLong ok, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ok.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ok.get()).isGreaterThanOrEqualTo(count);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
