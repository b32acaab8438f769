package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.DeviceClient;
import dev.switchboard.client.ReconnectOptions;
import dev.switchboard.client.ResumingDeviceClient;
import dev.switchboard.core.auth.TokenMinter;
import dev.switchboard.core.session.SessionState;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.SessionConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's opt-in reconnect, against a real node, through a TCP proxy that can cut the connection. */
class ResumingDeviceClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ReconnectOptions FAST = ReconnectOptions.DEFAULT
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
            .withLimits(200, Duration.ofSeconds(30))
            .withConnectTimeout(Duration.ofSeconds(10));

    @TempDir
    Path home;
    private TestGateway gateway;
    private DroppingProxy proxy;
    private ResumingDeviceClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Everything the client told its caller, as "data n" (the published number), "connected ...", "closed ...". */
    private static final class Recorder implements ResumingDeviceClient.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final List<Integer> data = new CopyOnWriteArrayList<>();
        final List<String> reconnecting = new CopyOnWriteArrayList<>();

        @Override
        public void onText(String text) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node.has("seq")) {
                    seqs.add(node.get("seq").asLong());
                    data.add(node.get("data").asInt());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onConnected(DeviceClient.Ack ack, boolean reconnect) {
            events.add("connected reconnect=" + reconnect + " resumed=" + ack.resumed() + " recovered="
                    + ack.recovered());
        }

        @Override
        public void onReconnecting(int attempt, Duration delay, String cause) {
            reconnecting.add(attempt + " " + cause);
        }

        @Override
        public void onClosed(int code, String reason) {
            events.add("closed " + code);
        }
    }

    private void start(Duration grace) throws Exception {
        gateway = TestGateway.start(home, config -> config.withSessions(new SessionConfig(grace, 1000, 1 << 20)));
        proxy = new DroppingProxy(gateway.port());
    }

    private URI viaProxy() {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/ws");
    }

    private void publish(int n) throws Exception {
        assertThat(gateway.publish("{\"device\":\"glasses\",\"data\":" + n + "}").statusCode()).isEqualTo(200);
    }

    private SessionState state(String sessionId) {
        return gateway.node.sessions().session(sessionId).map(s -> s.state()).orElse(null);
    }

    private static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void aNetworkDropIsResumedAndWhatWasPublishedInTheGapArrivesOnceInOrder() throws Exception {
        start(Duration.ofSeconds(30));
        Recorder recorder = new Recorder();
        client = ResumingDeviceClient.connect(viaProxy(), () -> gateway.token("alice", "glasses"), FAST, recorder);
        String sessionId = client.sessionId();
        for (int i = 1; i <= 3; i++) {
            publish(i);
        }
        await().atMost(WAIT).until(() -> recorder.seqs.size() == 3);

        proxy.refuse(true); // the network stays down until the gap has been filled
        proxy.dropAll();
        try {
            await().atMost(WAIT).until(() -> state(sessionId) == SessionState.DISCONNECTING);
        } catch (RuntimeException e) {
            throw new AssertionError("the gateway did not see the drop; sessions=" + gateway.node.sessions().list() + " lines="
                    + gateway.node.hub().lineCount() + " events=" + recorder.events + " reconnecting="
                    + recorder.reconnecting + " accepted=" + proxy.accepted(), e);
        }
        for (int i = 4; i <= 10; i++) {
            publish(i);
        }
        await().atMost(WAIT).until(() -> recorder.reconnecting.size() >= 2); // it kept trying while down
        proxy.refuse(false);

        await().atMost(WAIT).until(() -> recorder.seqs.size() >= 10 && client.connected());
        publish(11);
        await().atMost(WAIT).until(() -> recorder.seqs.size() >= 11);
        assertThat(recorder.seqs).isEqualTo(oneTo(11));
        assertThat(recorder.data).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(recorder.events).containsExactly("connected reconnect=false resumed=false recovered=true",
                "connected reconnect=true resumed=true recovered=true");
        assertThat(client.sessionId()).isEqualTo(sessionId);
        assertThat(client.reconnects()).isEqualTo(1);
        assertThat(client.lastProcessed()).isEqualTo(11);
        assertThat(state(sessionId)).isEqualTo(SessionState.CONNECTED);
    }

    @Test
    void anExpiredTokenIsReplacedFromTheSupplierAndTheSessionResumed() throws Exception {
        start(Duration.ofSeconds(30));
        TokenMinter minter = new TokenMinter(TestGateway.SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        AtomicInteger asked = new AtomicInteger();
        // The first token lives 2 s: the gateway closes the line with 4002 when it runs out.
        Recorder recorder = new Recorder();
        client = ResumingDeviceClient.connect(viaProxy(), () -> asked.incrementAndGet() == 1
                ? minter.mint("alice", "glasses", null, Duration.ofSeconds(2))
                : gateway.token("alice", "glasses"), FAST, recorder);
        String sessionId = client.sessionId();
        publish(1);
        await().atMost(WAIT).until(() -> recorder.seqs.size() == 1);

        await().atMost(WAIT).until(() -> client.reconnects() == 1 && client.connected());
        publish(2);

        await().atMost(WAIT).until(() -> recorder.seqs.size() == 2);
        assertThat(recorder.seqs).isEqualTo(oneTo(2));
        assertThat(recorder.reconnecting).first().asString().contains("4002");
        assertThat(asked.get()).isGreaterThanOrEqualTo(2);
        assertThat(client.sessionId()).isEqualTo(sessionId);
        assertThat(recorder.events).containsExactly("connected reconnect=false resumed=false recovered=true",
                "connected reconnect=true resumed=true recovered=true");
    }

    @Test
    void anOperatorCloseIsFinalNoReconnect() throws Exception {
        start(Duration.ofSeconds(30));
        Recorder recorder = new Recorder();
        client = ResumingDeviceClient.connect(viaProxy(), () -> gateway.token("alice", "glasses"), FAST, recorder);
        int connections = proxy.accepted();

        assertThat(gateway.api("DELETE", "/api/v1/sessions/" + client.sessionId(), null).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> recorder.events.contains("closed 4500"));
        assertThat(recorder.reconnecting).isEmpty();
        assertThat(client.connected()).isFalse();
        assertThat(proxy.accepted()).isEqualTo(connections);
        assertThat(gateway.node.sessions().size()).isZero();
    }

    @Test
    void aSessionGoneDuringTheDropIsReplacedByANewOneAndSaidSo() throws Exception {
        start(Duration.ofMillis(300));
        Recorder recorder = new Recorder();
        client = ResumingDeviceClient.connect(viaProxy(), () -> gateway.token("alice", "glasses"), FAST, recorder);
        String first = client.sessionId();
        publish(1);
        await().atMost(WAIT).until(() -> recorder.seqs.size() == 1);

        proxy.refuse(true);
        proxy.dropAll();
        await().atMost(WAIT).until(() -> gateway.node.sessions().session(first).isEmpty()); // grace ran out
        proxy.refuse(false);

        await().atMost(WAIT).until(() -> client.reconnects() == 1 && client.connected());
        assertThat(client.sessionId()).isNotEqualTo(first);
        assertThat(recorder.events).containsExactly("connected reconnect=false resumed=false recovered=true",
                "connected reconnect=true resumed=false recovered=true");
        publish(2);
        await().atMost(WAIT).until(() -> recorder.seqs.size() == 2);
        assertThat(recorder.seqs).as("the new session numbers from 1 again").containsExactly(1L, 1L);
        assertThat(recorder.data).containsExactly(1, 2);
        assertThat(new ArrayList<>(recorder.events)).doesNotContain("closed -1");
    }
}
