package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.cluster.PresenceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisPresenceStoreTest {

    private static TestRedis redis;
    private final List<RedisCluster> clusters = new ArrayList<>();
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
    void leave() {
        clusters.forEach(RedisCluster::close);
    }

    private RedisCluster node(String id) {
        RedisCluster cluster = RedisCluster.join(redis.settings(id, prefix), new SimpleMeterRegistry());
        clusters.add(cluster);
        return cluster;
    }

    private static PresenceRecord record(String device, String line, String node) {
        return new PresenceRecord(device, "user-1", line, node, Instant.now());
    }

    @Test
    void aDeviceClaimedOnOneNodeIsRefusedOnAnother() {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        PresenceRecord onA = record("phone", "line-a", "a");

        assertThat(a.presence().claim(onA)).isEmpty();
        Optional<PresenceRecord> refused = b.presence().claim(record("phone", "line-b", "b"));

        assertThat(refused).contains(onA);
        assertThat(b.presence().holder("phone")).contains(onA);
    }

    @Test
    void ofManyConcurrentClaimsAcrossNodesExactlyOneWins() throws Exception {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        int claimers = 32;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<PresenceRecord>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < claimers; i++) {
                RedisCluster node = i % 2 == 0 ? a : b;
                PresenceRecord record = record("contested", "line-" + i, node.nodeId());
                results.add(pool.submit(() -> {
                    go.await();
                    return node.presence().claim(record);
                }));
            }
            go.countDown();
            List<PresenceRecord> holders = new ArrayList<>();
            int winners = 0;
            for (Future<Optional<PresenceRecord>> result : results) {
                Optional<PresenceRecord> holder = result.get();
                if (holder.isEmpty()) {
                    winners++;
                } else {
                    holders.add(holder.get());
                }
            }
            assertThat(winners).isEqualTo(1);
            // Every loser was told about the same, single winner.
            PresenceRecord winner = a.presence().holder("contested").orElseThrow();
            assertThat(holders).hasSize(claimers - 1).allMatch(winner::equals);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTakeOverOnAnotherNodeEvictsTheOldLineOnItsNode() {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        List<PresenceRecord> evictedOnA = new CopyOnWriteArrayList<>();
        a.onEvicted(evictedOnA::add);
        PresenceRecord old = record("phone", "line-a", "a");
        a.presence().claim(old);

        Optional<PresenceRecord> previous = b.presence().takeOver(record("phone", "line-b", "b"));

        assertThat(previous).contains(old);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(evictedOnA).containsExactly(old));
        assertThat(a.presence().holder("phone").orElseThrow().lineId()).isEqualTo("line-b");
        // The old line closing afterwards must not release the new holder's claim.
        assertThat(a.presence().release(old)).isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> a.presence().holder("phone").map(PresenceRecord::lineId).orElse(""), "line-b"::equals);
    }

    @Test
    void releaseFreesTheDeviceOnlyForItsOwnLine() {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        PresenceRecord held = record("phone", "line-a", "a");
        a.presence().claim(held);

        b.presence().release(record("phone", "line-other", "b"));
        assertThat(a.presence().holder("phone")).contains(held);

        assertThat(a.presence().release(held)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.presence().claim(record("phone", "line-b", "b")).isEmpty());
    }

    @Test
    void aLiveNodeKeepsItsClaimsPastTheTtlAndADeadNodesClaimsExpire() throws Exception {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        a.presence().claim(record("phone", "line-a", "a"));

        // Three TTLs later the heartbeat has kept the claim alive.
        Thread.sleep(3_000);
        assertThat(b.presence().claim(record("phone", "line-b", "b"))).isPresent();

        clusters.remove(a);
        a.crashForTest();

        await().atMost(Duration.ofSeconds(10)).until(() -> b.presence().claim(record("phone", "line-b", "b")).isEmpty());
        assertThat(b.presence().holder("phone").orElseThrow().nodeId()).isEqualTo("b");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.nodes().size() == 1);
    }

    @Test
    void aClosingNodeReleasesItsClaimsAndLeavesTheRegistry() {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        a.presence().claim(record("d1", "l1", "a"));
        a.presence().claim(record("d2", "l2", "a"));
        a.beat();
        assertThat(b.presence().size()).isEqualTo(2);
        assertThat(b.nodes()).extracting(n -> n.get("node")).containsExactly("a", "b");

        clusters.remove(a);
        a.close();

        assertThat(b.presence().holder("d1")).isEmpty();
        assertThat(b.presence().holder("d2")).isEmpty();
        assertThat(b.nodes()).extracting(n -> n.get("node")).containsExactly("b");
    }

    @Test
    void aClaimRedisForgotIsWrittenBackByTheHeartbeatAndAStolenOneIsEvicted() {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        List<PresenceRecord> evicted = new CopyOnWriteArrayList<>();
        a.onEvicted(evicted::add);
        PresenceRecord kept = record("kept", "l1", "a");
        PresenceRecord stolen = record("stolen", "l2", "a");
        a.presence().claim(kept);
        a.presence().claim(stolen);
        // As if Redis lost both keys (restart without persistence), and another node claimed one meanwhile.
        a.redisForTest().sync().del(new ClusterKeys(prefix).presence("kept"), new ClusterKeys(prefix).presence("stolen"));
        assertThat(b.presence().claim(record("stolen", "l9", "b"))).isEmpty();

        a.beat();

        await().atMost(Duration.ofSeconds(10)).until(() -> b.presence().holder("kept").equals(Optional.of(kept)));
        assertThat(evicted).containsExactly(stolen);
        assertThat(a.presence().release(stolen)).isFalse();
    }

    @Test
    void aClaimReleasedWhileTheHeartbeatRunsIsNeverWrittenBack() {
        RedisCluster a = node("a");
        RedisCluster b = node("b");
        ClusterKeys keys = new ClusterKeys(prefix);
        PresenceRecord record = record("phone", "l1", "a");
        RedisPresenceStore store = (RedisPresenceStore) a.presence();
        store.claim(record);
        // Redis forgets the key; the heartbeat has taken its snapshot when the line closes.
        a.redisForTest().sync().del(keys.presence("phone"));

        store.refresh(() -> store.release(record));

        // Checked at once: the test TTL (1 s) would soon hide a wrongly written-back claim.
        assertThat(b.presence().holder("phone")).isEmpty();
        assertThat(b.presence().claim(record("phone", "other", "b"))).isEmpty();
    }

    @Test
    void aSecondNodeWithALiveNodesIdIsRefused() {
        node("a");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> node("a"))
                .isInstanceOf(dev.switchboard.core.cluster.ClusterUnavailableException.class)
                .hasMessageContaining("node id a is in use");
    }

    @Test
    void anUnreachableRedisIsAClearError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        RedisClusterSettings settings = new RedisClusterSettings("redis://127.0.0.1:" + closedPort, "a", prefix,
                Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ZERO, Duration.ofSeconds(1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisCluster.join(settings, new SimpleMeterRegistry()))
                .isInstanceOf(dev.switchboard.core.cluster.ClusterUnavailableException.class)
                .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:" + closedPort);
    }
}
