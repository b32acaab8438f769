package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.DeviceClient;
import dev.switchboard.core.session.SessionState;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.SessionConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK remembers the resume token and the last seq, and resumes with them after a drop. */
class DeviceClientResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(home, config -> config.withSessions(
                new SessionConfig(Duration.ofSeconds(30), 1000, 1 << 20)));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** The seq of every numbered frame, in arrival order. */
    private static final class Seqs implements DeviceClient.Listener {
        final List<Long> seqs = new CopyOnWriteArrayList<>();

        @Override
        public void onText(String text) {
            try {
                var node = JSON.readTree(text);
                if (node.has("seq")) {
                    seqs.add(node.get("seq").asLong());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void publishToDevice(int n) throws Exception {
        assertThat(gateway.publish("{\"device\":\"glasses\",\"data\":" + n + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void resumesFromWhereItLeftOffAndTheOldTokenStopsWorking() throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + gateway.port() + "/ws");
        String jwt = gateway.token("alice", "glasses");
        Seqs first = new Seqs();
        DeviceClient client = DeviceClient.connect(uri, jwt, TIMEOUT, first);
        DeviceClient.Ack ack = client.ack().get(10, TimeUnit.SECONDS);
        assertThat(ack.resumed()).isFalse();
        for (int i = 1; i <= 3; i++) {
            publishToDevice(i);
        }
        await().atMost(TIMEOUT).until(() -> first.seqs.size() == 3);
        client.abort();
        await().atMost(TIMEOUT).until(() -> gateway.node.sessions().session(ack.sessionId()).orElseThrow().state()
                == SessionState.DISCONNECTING);
        publishToDevice(4);
        publishToDevice(5);
        DeviceClient.ResumePoint point = client.resumePoint();
        assertThat(point.lastSeq()).isEqualTo(3);
        assertThat(point.sessionId()).isEqualTo(ack.sessionId());

        Seqs second = new Seqs();
        DeviceClient resumed = DeviceClient.connect(uri, jwt, TIMEOUT, second, point);
        try {
            DeviceClient.Ack again = resumed.ack().get(10, TimeUnit.SECONDS);
            assertThat(again.resumed()).isTrue();
            assertThat(again.recovered()).isTrue();
            assertThat(again.sessionId()).isEqualTo(ack.sessionId());
            publishToDevice(6);
            await().atMost(TIMEOUT).until(() -> second.seqs.size() == 3);
            assertThat(second.seqs).containsExactly(4L, 5L, 6L);
            assertThat(resumed.resumePoint().lastSeq()).isEqualTo(6);
            resumed.acknowledge(6).join();
            await().atMost(TIMEOUT).until(() ->
                    gateway.node.sessions().list().get(0).bufferedMessages() == 0);
            assertThatThrownBy(() -> DeviceClient.connect(uri, jwt, TIMEOUT, new Seqs(), point))
                    .isInstanceOfSatisfying(DeviceClient.RefusedException.class, e ->
                            assertThat(e.status()).as("the rotated token").isEqualTo(410));
        } finally {
            resumed.close();
        }
    }
}
