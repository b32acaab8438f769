package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.hub.DuplicatePolicy;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.RecordingLine;
import dev.switchboard.core.hub.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two hubs, each on its own RedisCluster, sharing one real Redis: what one publishes reaches the other's lines. */
class RedisBrokerTest {

    private static TestRedis redis;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void freshCluster() {
        prefix = TestRedis.freshPrefix();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Hub hub(String nodeId, Duration ackTimeout) {
        RedisClusterSettings base = redis.settings(nodeId, prefix);
        RedisCluster cluster = RedisCluster.join(new RedisClusterSettings(base.redisUrl(), nodeId, prefix,
                base.presenceTtl(), base.heartbeatInterval(), ackTimeout, base.commandTimeout()), new SimpleMeterRegistry());
        closing.add(cluster);
        Hub hub = new Hub(nodeId, new HubSettings(DuplicatePolicy.REJECT, 8), cluster.presence(), cluster.broker(),
                new SimpleMeterRegistry());
        closing.add(hub);
        return hub;
    }

    private static RecordingLine open(Hub hub, String user, String device) {
        RecordingLine line = new RecordingLine(user, device);
        assertThat(hub.admit(line).admitted()).isTrue();
        hub.open(line);
        return line;
    }

    @Test
    void aDevicePublishOnOneNodeReachesTheDeviceOnAnotherAndCountsIt() {
        Hub a = hub("a", Duration.ofSeconds(5));
        Hub b = hub("b", Duration.ofSeconds(5));
        RecordingLine phone = open(a, "alice", "phone");
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }

        assertThat(b.publish(Target.device("phone"), Message.binary(everyByte))).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> phone.received.size() == 1);
        assertThat(phone.received.get(0).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(phone.received.get(0).body()).isEqualTo(everyByte);
        assertThat(b.publish(Target.device("nobody"), Message.json("1"))).isZero();
    }

    @Test
    void userChannelAndBroadcastPublishesCountEveryNodesLines() {
        Hub a = hub("a", Duration.ofSeconds(5));
        Hub b = hub("b", Duration.ofSeconds(5));
        RecordingLine phone = open(a, "alice", "phone");
        RecordingLine laptop = open(b, "alice", "laptop");
        RecordingLine other = open(b, "bob", "tablet");
        a.subscribe(phone, "news");
        b.subscribe(other, "news");

        assertThat(b.publish(Target.user("alice"), Message.json("{\"n\":1}"))).isEqualTo(2);
        assertThat(a.publish(Target.channel("news"), Message.json("{\"n\":2}"))).isEqualTo(2);
        assertThat(a.publish(Target.broadcast(), Message.json("{\"n\":3}"))).isEqualTo(3);
        assertThat(a.publish(Target.user("carol"), Message.json("{\"n\":4}"))).isZero();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(phone.received).extracting(m -> new String(m.body())).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            assertThat(laptop.received).extracting(m -> new String(m.body())).containsExactly("{\"n\":1}", "{\"n\":3}");
            assertThat(other.received).extracting(m -> new String(m.body())).containsExactly("{\"n\":2}", "{\"n\":3}");
        });
    }

    @Test
    void aDevicePublishReachesASessionEndpointOnAnotherNodeWhileNoLineHoldsTheDevice() {
        Hub a = hub("a", Duration.ofSeconds(5));
        Hub b = hub("b", Duration.ofSeconds(5));
        // A session waiting out its resume grace: routed to on node A, but no line claims the device.
        RecordingLine session = new RecordingLine("alice", "phone");
        a.openEndpoint(session);

        assertThat(b.publish(Target.device("phone"), Message.json("\"kept for replay\"")))
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> session.received.size() == 1);
    }

    @Test
    void withoutAcksRemoteLinesStillReceiveButOnlyADevicesNodeIsCounted() {
        Hub a = hub("a", Duration.ZERO);
        Hub b = hub("b", Duration.ZERO);
        RecordingLine phone = open(a, "alice", "phone");

        assertThat(b.publish(Target.device("phone"), Message.json("1"))).isEqualTo(1);
        assertThat(b.publish(Target.user("alice"), Message.json("2"))).isZero();

        await().atMost(Duration.ofSeconds(10)).until(() -> phone.received.size() == 2);
    }

    @Test
    void aDuplicateDeviceOnAnotherNodeIsRefused() {
        Hub a = hub("a", Duration.ofSeconds(5));
        Hub b = hub("b", Duration.ofSeconds(5));
        RecordingLine first = open(a, "alice", "phone");

        var admission = b.admit(new RecordingLine("alice", "phone"));

        assertThat(admission.admitted()).isFalse();
        assertThat(admission.conflicting().orElseThrow().lineId()).isEqualTo(first.id());
        assertThat(admission.conflicting().orElseThrow().nodeId()).isEqualTo("a");
    }

    @Test
    void withRedisDownAPublishStillReachesThisNodesLines() throws Exception {
        Hub a = hub("a", Duration.ofSeconds(5));
        RecordingLine phone = open(a, "alice", "phone");
        redis.stop();
        try {
            assertThat(a.publish(Target.broadcast(), Message.json("1"))).isEqualTo(1);
            assertThat(a.publish(Target.device("elsewhere"), Message.json("2"))).isZero();
            assertThat(phone.received).hasSize(1);
        } finally {
            redis.restart();
        }
    }
}
