package dev.switchboard.client.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.client.control.FakeDaemon.Reply;
import dev.switchboard.client.control.FakeDaemon.Request;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against {@link FakeDaemon} over a real Unix socket: correlation, timeouts, failures, framing. */
class ControlClientIT {

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

    ControlClientOptions options(ControlMode mode) {
        return ControlClientOptions.forSocket(socket).withMode(mode);
    }

    static ObjectNode params(Object... keyValues) {
        ObjectNode node = FakeDaemon.JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], FakeDaemon.JSON.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    static Throwable failureOf(CompletableFuture<?> future, Duration within) {
        try {
            future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected the call to fail within " + within + ", got " + e, e);
        }
        throw new AssertionError("expected the call to fail, it succeeded");
    }

    // ---- pipelining ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void pipelinedCallsAnsweredOutOfOrderReachTheirOwnCallers(ControlMode mode) throws Exception {
        daemon.behaviour(request -> FakeDaemon.echo(request)
                .after(Duration.ofMillis(ThreadLocalRandom.current().nextInt(0, 30))));
        ControlClient client = connect(options(mode).withPool(1, 1));

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
                    for (int i = 0; i < 125; i++) {
                        calls.add(client.callAsync("test.echo", params("thread", thread, "n", i)));
                    }
                    int checked = 0;
                    for (int i = 0; i < calls.size(); i++) {
                        JsonNode result = calls.get(i).get(10, TimeUnit.SECONDS);
                        assertThat(result.get("method").asText()).isEqualTo("test.echo");
                        assertThat(result.get("params")).isEqualTo(params("thread", thread, "n", i));
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(1000);
        } finally {
            threads.shutdownNow();
        }
        assertThat(daemon.accepted()).as("all pipelined on one connection").isEqualTo(1);
        assertThat(daemon.outOfOrderAnswers()).as("the daemon really answered out of order").isGreaterThan(100);
        assertThat(client.stats().inFlight()).isZero();
        assertThat(client.stats().lateAnswersDropped()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void answersSplitIntoSingleBytesAreReassembled(ControlMode mode) {
        daemon.trickle(true);
        ControlClient client = connect(options(mode));
        for (int i = 0; i < 20; i++) {
            assertThat(client.call("test.echo", params("n", i)).get("params")).isEqualTo(params("n", i));
        }
    }

    // ---- timeouts -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void aTimedOutCallFailsAndItsLateAnswerNeverReachesAnotherCall(ControlMode mode) throws Exception {
        daemon.behaviour(request -> switch (request.method()) {
            case "test.slow" -> FakeDaemon.echo(request).after(Duration.ofMillis(400));
            case "test.next" -> FakeDaemon.echo(request).after(Duration.ofMillis(700));
            default -> FakeDaemon.echo(request);
        });
        ControlClient client = connect(options(mode).withPool(1, 1));

        long start = System.nanoTime();
        CompletableFuture<JsonNode> slow = client.callAsync("test.slow", params("who", "slow"), Duration.ofMillis(100));
        Throwable failure = failureOf(slow, Duration.ofSeconds(2));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(failure).isInstanceOf(ControlTimeoutException.class)
                .hasMessageContaining("test.slow got no answer within 100 ms")
                .hasMessageContaining(socket.toString());
        assertThat(tookMs).as("fails at its own timeout, not the client's 5 s").isBetween(90L, 1500L);
        assertThat(client.stats().inFlight()).as("the timed-out call's slot is freed").isZero();

        // The slow answer arrives ~300 ms from now, while this call is still waiting for its own.
        JsonNode next = client.callAsync("test.next", params("who", "next")).get(5, TimeUnit.SECONDS);
        assertThat(next.get("method").asText()).isEqualTo("test.next");
        assertThat(next.get("params")).isEqualTo(params("who", "next"));
        assertThat(client.stats().lateAnswersDropped()).as("the late answer was seen and dropped").isEqualTo(1);

        List<Long> ids = daemon.requests().stream().map(Request::id).toList();
        assertThat(ids).as("ids are never reused").doesNotHaveDuplicates();
    }

    // ---- failures -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void losingTheConnectionFailsEveryCallInFlightAtOnce(ControlMode mode) {
        daemon.behaviour(request -> request.method().equals("test.hang") ? Reply.noAnswer() : FakeDaemon.echo(request));
        ControlClient client = connect(options(mode).withPool(1, 1).withCallTimeout(Duration.ofSeconds(30)));

        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(client.callAsync("test.hang", params("n", i)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.requests().size() == 50);
        assertThat(client.stats().inFlight()).isEqualTo(50);

        long start = System.nanoTime();
        daemon.dropConnections();
        for (CompletableFuture<JsonNode> call : calls) {
            assertThat(failureOf(call, Duration.ofSeconds(10)))
                    .isInstanceOf(ControlConnectionException.class)
                    .hasMessageStartingWith("connection to the daemon at " + socket + " was lost: ");
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("at once, not at the 30 s call timeout").isLessThan(5000);
        assertThat(client.stats().inFlight()).isZero();

        // The listener is still there: the pool reconnects and the next call works.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> client.call("test.echo", params("after", true)).get("params").equals(params("after", true)));
    }

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void daemonErrorsBecomeCallExceptionsAndTheConnectionCarriesOn(ControlMode mode) {
        daemon.behaviour(request -> request.method().equals("hub.publish")
                ? Reply.error(ControlWire.INVALID_PARAMS, "give exactly one target")
                : FakeDaemon.echo(request));
        ControlClient client = connect(options(mode));

        assertThatThrownBy(() -> client.call("hub.publish", params("data", 1)))
                .isInstanceOfSatisfying(ControlCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ControlWire.INVALID_PARAMS);
                    assertThat(e.remoteMessage()).isEqualTo("give exactly one target");
                    assertThat(e.method()).isEqualTo("hub.publish");
                    assertThat(e.getMessage()).isEqualTo("hub.publish failed: give exactly one target (-32602)");
                });
        assertThat(client.call("test.echo", params("still", "fine")).get("params")).isEqualTo(params("still", "fine"));
        assertThat(daemon.accepted()).isEqualTo(1);
    }

    @Test
    void noDaemonMeansTheExactUnavailableMessage() throws Exception {
        daemon.stop();
        String expected = "no daemon at " + socket + "; start one with ./switchboard serve";

        assertThatThrownBy(() -> ControlClient.connect(options(ControlMode.JSON_RPC)))
                .isInstanceOf(ControlUnavailableException.class).hasMessage(expected);

        // A stale socket file nobody listens on says the same.
        daemon.start();
        daemon.kill();
        assertThat(socket).exists();
        assertThatThrownBy(() -> ControlClient.connect(options(ControlMode.BINARY)))
                .isInstanceOf(ControlUnavailableException.class).hasMessage(expected);
    }

    @Test
    void whileTheDaemonIsDownCallsFailFastWithTheExactMessage() throws Exception {
        ControlClient client = connect(options(ControlMode.JSON_RPC).withAcquireTimeout(Duration.ofSeconds(5)));
        assertThat(client.ping()).isPositive();

        daemon.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().state() == ControlClientStats.State.DOWN);

        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.call("test.echo", params("n", 1)))
                    .isInstanceOf(ControlUnavailableException.class)
                    .hasMessage("no daemon at " + socket + "; start one with ./switchboard serve");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("fails fast, well before the 5 s acquire timeout").isLessThan(2000);
        }
        CompletableFuture<JsonNode> async = client.callAsync("test.echo", null);
        assertThat(async).isCompletedExceptionally();
    }

    @Test
    void aClientStartedBeforeTheDaemonConnectsWhenItComes() throws Exception {
        daemon.stop();
        ControlClient client = ControlClient.connectInBackground(options(ControlMode.BINARY));
        clients.add(client);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().state() == ControlClientStats.State.DOWN);
        assertThatThrownBy(client::ping).isInstanceOf(ControlUnavailableException.class);

        daemon.start();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> client.ping() != null);
    }

    @Test
    void pastTheInFlightBoundCallsAreRefusedAtOnceAndNothingIsSent() throws Exception {
        daemon.behaviour(request -> Reply.noAnswer());
        ControlClient client = connect(options(ControlMode.BINARY).withPool(1, 1).withMaxInFlightPerConnection(10)
                .withCallTimeout(Duration.ofSeconds(30)));
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(client.callAsync("test.hang", params("n", i)));
        }
        CompletableFuture<JsonNode> eleventh = client.callAsync("test.hang", params("n", 10));

        assertThat(failureOf(eleventh, Duration.ofMillis(100))).isInstanceOf(ControlBusyException.class)
                .hasMessageContaining("10 calls already in flight");
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.requests().size() == 10);
        Thread.sleep(100);
        assertThat(daemon.requests()).hasSize(10).noneMatch(r -> r.params().get("n").asInt() == 10);
        assertThat(calls).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void closeFailsPendingCallsAndStopsEveryThread() throws Exception {
        daemon.behaviour(request -> request.method().equals("test.hang") ? Reply.noAnswer() : FakeDaemon.echo(request));
        ControlClient client = ControlClient.connect(options(ControlMode.JSON_RPC).withPool(2, 2)
                .withCallTimeout(Duration.ofSeconds(30)));
        CompletableFuture<JsonNode> pending = client.callAsync("test.hang", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().connections() == 2);
        String prefix = client.pool().threadPrefix();
        List<Thread> ours = threadsNamed(prefix);
        assertThat(ours).hasSizeGreaterThanOrEqualTo(4).allMatch(Thread::isDaemon)
                .allMatch(t -> t.getName().startsWith("sb-control-"));

        client.close();

        assertThat(failureOf(pending, Duration.ofMillis(500))).isInstanceOf(ControlClosedException.class)
                .hasMessageContaining("was closed");
        assertThatThrownBy(() -> client.call("test.echo", null)).isInstanceOf(ControlClosedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed(prefix).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.openConnections() == 0);
        assertThat(client.stats().state()).isEqualTo(ControlClientStats.State.CLOSED);
    }

    static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).toList();
    }

    // ---- framing end to end -------------------------------------------------------------------------------

    @Test
    void binaryFramesOnTheWireAreExactlyTheDocumentedLayout() throws Exception {
        daemon.behaviour(request -> request.method().equals("hub.publish")
                ? Reply.result(params("delivered", 3)) : FakeDaemon.echo(request));
        ControlClient client = connect(options(ControlMode.BINARY));

        client.call("system.info", null);
        byte[] bytes = {1, 2, 3, (byte) 0xB5, 0x42, '\n', 0};
        assertThat(client.publishBinary("device", "d1", bytes)).isEqualTo(3);

        List<Request> requests = daemon.requests();
        Request info = requests.get(0);
        byte[] infoPayload = "{\"method\":\"system.info\",\"params\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThat(info.bytes()).isEqualTo(BinaryCodecTest.concat(
                header(1, info.id(), 0, infoPayload.length), infoPayload));

        Request publish = requests.get(1);
        byte[] method = "hub.publish".getBytes(StandardCharsets.UTF_8);
        byte[] json = "{\"device\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = BinaryCodecTest.concat(new byte[] {0, 11}, method, new byte[] {0, 0, 0, (byte) json.length},
                json, bytes);
        assertThat(publish.bytes()).isEqualTo(BinaryCodecTest.concat(header(1, publish.id(), 1, payload.length), payload));
        assertThat(publish.raw()).isEqualTo(bytes);
        assertThat(publish.id()).isEqualTo(info.id() + 1);
    }

    static byte[] header(int kind, long id, int flags, int length) {
        ByteBuffer header = ByteBuffer.allocate(16);
        header.put((byte) 0xB5).put((byte) 0x42).put((byte) 1).put((byte) kind);
        header.putInt((int) id).putInt(flags).putInt(length);
        return header.array();
    }

    @Test
    void jsonRpcPublishBinarySendsBase64AndRawCallsAreRefused() {
        daemon.behaviour(request -> request.method().equals("hub.publish")
                ? Reply.result(params("delivered", 2)) : FakeDaemon.echo(request));
        ControlClient client = connect(options(ControlMode.JSON_RPC));
        byte[] bytes = {0, 1, 2, (byte) 0xFF};

        assertThat(client.publishBinary("broadcast", null, bytes)).isEqualTo(2);

        Request publish = daemon.requests().get(0);
        assertThat(new String(publish.bytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"id\":" + publish.id() + ",\"method\":\"hub.publish\",\"params\":"
                        + "{\"broadcast\":true,\"binary\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}}");
        assertThatThrownBy(() -> client.callRaw("hub.publish", params("device", "d"), bytes))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BINARY");
        assertThatThrownBy(() -> client.publishBinary("room", "x", bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void typedHelpersSendTheDocumentedMethodsAndParams(ControlMode mode) {
        daemon.behaviour(request -> request.method().equals("hub.publish")
                ? Reply.result(params("delivered", 5)) : FakeDaemon.echo(request));
        ControlClient client = connect(options(mode));

        assertThat(client.ping()).isPositive();
        assertThat(client.health().get("method").asText()).isEqualTo("system.health");
        assertThat(client.info().get("method").asText()).isEqualTo("system.info");
        assertThat(client.methods().get("method").asText()).isEqualTo("system.methods");
        assertThat(client.publishToDevice("phone", Map.of("hello", "world"))).isEqualTo(5);
        assertThat(client.publishToUser("alice", "hi")).isEqualTo(5);
        assertThat(client.publishToChannel("news", 42)).isEqualTo(5);
        assertThat(client.broadcast(List.of(1, 2))).isEqualTo(5);
        client.connections();
        client.connections("alice", null, 10);
        client.disconnect("c-1", "bye");
        client.disconnectDevice("phone", null);

        List<String> sent = daemon.requests().stream().map(r -> r.method() + " " + r.params()).toList();
        assertThat(sent).containsExactly(
                "system.ping {}",
                "system.health {}",
                "system.info {}",
                "system.methods {}",
                "hub.publish {\"device\":\"phone\",\"data\":{\"hello\":\"world\"}}",
                "hub.publish {\"user\":\"alice\",\"data\":\"hi\"}",
                "hub.publish {\"channel\":\"news\",\"data\":42}",
                "hub.publish {\"broadcast\":true,\"data\":[1,2]}",
                "hub.connections {}",
                "hub.connections {\"user\":\"alice\",\"limit\":10}",
                "hub.disconnect {\"id\":\"c-1\",\"reason\":\"bye\"}",
                "hub.disconnect {\"device\":\"phone\"}");
    }

    @Test
    void aPublishAnswerWithoutDeliveredIsAnError() {
        ControlClient client = connect(options(ControlMode.JSON_RPC));
        assertThatThrownBy(() -> client.publishToDevice("phone", "x"))
                .isInstanceOf(ControlException.class).hasMessageContaining("instead of {\"delivered\":N}");
    }
}
