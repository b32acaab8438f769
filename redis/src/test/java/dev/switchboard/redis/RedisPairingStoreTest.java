package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.cluster.PairingRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PairingStore contract (as MemoryPairingStoreTest states it) on a real Redis, joined from two nodes. */
class RedisPairingStoreTest {

    // Real time: an unjoined code's hash carries a Redis expiry derived from its own.
    private static final Instant T0 = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1, 123_456_789);
    private static final Instant EXPIRY = T0.plus(Duration.ofMinutes(2));

    private static TestRedis redis;
    private RedisCluster nodeA;
    private RedisCluster nodeB;
    private RedisPairingStore store;
    private RedisPairingStore other;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void join() {
        String prefix = TestRedis.freshPrefix();
        nodeA = RedisCluster.join(redis.settings("a", prefix), new SimpleMeterRegistry());
        nodeB = RedisCluster.join(redis.settings("b", prefix), new SimpleMeterRegistry());
        store = nodeA.pairingStore();
        other = nodeB.pairingStore();
    }

    @AfterEach
    void leave() {
        nodeA.close();
        nodeB.close();
    }

    private static PairingRecord open(String code, String line) {
        return PairingRecord.open(code, line, "a", T0, EXPIRY);
    }

    @Test
    void aCodeIsCreatedOnceWhileLiveOnAnyNode() {
        assertThat(store.create(open("ABCD", "l1"))).isTrue();
        assertThat(other.create(open("ABCD", "l2"))).isFalse();
        assertThat(other.get("ABCD")).contains(open("ABCD", "l1"));

        store.remove("ABCD");
        assertThat(other.create(open("ABCD", "l2"))).isTrue();
    }

    @Test
    void joinTurnsAnOpenCodeIntoAPairingOnceWithExactInstants() {
        store.create(open("ABCD", "l1"));

        Optional<PairingRecord> joined = other.join("ABCD", "l2", "b", T0.plusNanos(5));

        assertThat(joined).contains(open("ABCD", "l1").joinedBy("l2", "b", T0.plusNanos(5)));
        assertThat(store.get("ABCD")).isEqualTo(joined);
        assertThat(store.join("ABCD", "l3", "a", T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void unknownAndExpiredCodesCannotBeJoined() {
        store.create(open("ABCD", "l1"));

        assertThat(store.join("WXYZ", "l2", "a", T0)).isEmpty();
        assertThat(store.join(null, "l2", "a", T0)).isEmpty();
        assertThat(store.join("ABCD", "l2", "a", EXPIRY)).as("expired at its expiry instant").isEmpty();
        assertThat(store.get("ABCD").orElseThrow().isPaired()).isFalse();
        assertThat(store.join("ABCD", "l2", "a", EXPIRY.minusNanos(1))).isPresent();
    }

    @Test
    void removeExpiredTakesOnlyUnjoinedCodesPastTheirExpiry() {
        store.create(open("AAAA", "l1"));
        store.create(open("BBBB", "l2"));
        store.create(new PairingRecord("CCCC", "l3", "a", null, null, T0, EXPIRY.plusSeconds(60), null));
        store.join("BBBB", "l9", "b", T0);

        assertThat(store.removeExpired(EXPIRY.minusNanos(1))).isEmpty();
        assertThat(other.removeExpired(EXPIRY)).extracting(PairingRecord::code).containsExactly("AAAA");
        assertThat(store.all()).extracting(PairingRecord::code).containsExactlyInAnyOrder("BBBB", "CCCC");
        assertThat(store.removeExpired(EXPIRY.plusSeconds(3600))).extracting(PairingRecord::code)
                .containsExactly("CCCC");
        assertThat(store.size()).as("a pairing never expires").isEqualTo(1);
    }

    @Test
    void removeReturnsWhatWasRemoved() {
        store.create(open("ABCD", "l1"));

        assertThat(other.remove("ABCD")).contains(open("ABCD", "l1"));
        assertThat(store.remove("ABCD")).isEmpty();
        assertThat(store.remove(null)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void ofManyConcurrentJoinersOnTwoNodesExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String code = "C" + round;
                store.create(open(code, "creator"));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<PairingRecord>>> attempts = new ArrayList<>();
                for (int j = 0; j < 16; j++) {
                    String joiner = "j" + j;
                    RedisPairingStore via = j % 2 == 0 ? store : other;
                    attempts.add(pool.submit(() -> {
                        go.await();
                        return via.join(code, joiner, "n", T0);
                    }));
                }
                go.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<Optional<PairingRecord>> attempt : attempts) {
                    attempt.get(10, TimeUnit.SECONDS).ifPresent(r -> winners.add(r.joinerLineId()));
                }
                assertThat(winners).hasSize(1);
                assertThat(store.get(code).orElseThrow().joinerLineId()).isEqualTo(winners.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
