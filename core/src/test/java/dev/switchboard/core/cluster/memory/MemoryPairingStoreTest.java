package dev.switchboard.core.cluster.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.cluster.PairingRecord;
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
import org.junit.jupiter.api.Test;

class MemoryPairingStoreTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant EXPIRY = T0.plus(Duration.ofMinutes(2));

    private final MemoryPairingStore store = new MemoryPairingStore();

    @Test
    void aCodeIsCreatedOnceWhileLive() {
        assertThat(store.create(open("ABCD", "l1"))).isTrue();
        assertThat(store.create(open("ABCD", "l2"))).isFalse();
        assertThat(store.get("ABCD")).get().extracting(PairingRecord::creatorLineId).isEqualTo("l1");

        store.remove("ABCD");
        assertThat(store.create(open("ABCD", "l2"))).isTrue();
    }

    @Test
    void joinTurnsAnOpenCodeIntoAPairingOnce() {
        store.create(open("ABCD", "l1"));

        Optional<PairingRecord> joined = store.join("ABCD", "l2", "n2", T0.plusSeconds(5));

        assertThat(joined).get().satisfies(r -> {
            assertThat(r.isPaired()).isTrue();
            assertThat(r.joinerLineId()).isEqualTo("l2");
            assertThat(r.joinerNode()).isEqualTo("n2");
            assertThat(r.pairedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(r.peerOf("l1")).isEqualTo("l2");
        });
        assertThat(store.get("ABCD")).isEqualTo(joined);
        assertThat(store.join("ABCD", "l3", "n1", T0.plusSeconds(6))).isEmpty();
        assertThat(store.get("ABCD").orElseThrow().joinerLineId()).isEqualTo("l2");
    }

    @Test
    void unknownAndExpiredCodesCannotBeJoined() {
        store.create(open("ABCD", "l1"));

        assertThat(store.join("WXYZ", "l2", "n1", T0)).isEmpty();
        assertThat(store.join(null, "l2", "n1", T0)).isEmpty();
        assertThat(store.join("ABCD", "l2", "n1", EXPIRY)).as("expired at its expiry instant").isEmpty();
        assertThat(store.get("ABCD").orElseThrow().isPaired()).isFalse();
        assertThat(store.join("ABCD", "l2", "n1", EXPIRY.minusMillis(1))).isPresent();
    }

    @Test
    void removeExpiredTakesOnlyUnjoinedCodesPastTheirExpiry() {
        store.create(open("AAAA", "l1"));
        store.create(open("BBBB", "l2"));
        store.create(new PairingRecord("CCCC", "l3", "n1", null, null, T0, EXPIRY.plusSeconds(60), null));
        store.join("BBBB", "l9", "n1", T0);

        assertThat(store.removeExpired(EXPIRY.minusMillis(1))).isEmpty();
        assertThat(store.removeExpired(EXPIRY)).extracting(PairingRecord::code).containsExactly("AAAA");
        assertThat(store.all()).extracting(PairingRecord::code).containsExactlyInAnyOrder("BBBB", "CCCC");
        assertThat(store.removeExpired(EXPIRY.plusSeconds(3600))).extracting(PairingRecord::code)
                .containsExactly("CCCC");
        assertThat(store.size()).as("a pairing never expires").isEqualTo(1);
    }

    @Test
    void removeReturnsWhatWasRemoved() {
        store.create(open("ABCD", "l1"));

        assertThat(store.remove("ABCD")).get().extracting(PairingRecord::code).isEqualTo("ABCD");
        assertThat(store.remove("ABCD")).isEmpty();
        assertThat(store.remove(null)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void allIsASnapshot() {
        store.create(open("ABCD", "l1"));
        var snapshot = store.all();
        store.create(open("EFGH", "l2"));

        assertThat(snapshot).hasSize(1);
        assertThat(store.all()).hasSize(2);
    }

    @Test
    void ofManyConcurrentJoinersExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 200; round++) {
                String code = "C" + round;
                store.create(open(code, "creator"));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<PairingRecord>>> attempts = new ArrayList<>();
                for (int j = 0; j < 16; j++) {
                    String joiner = "j" + j;
                    attempts.add(pool.submit(() -> {
                        go.await();
                        return store.join(code, joiner, "n1", T0);
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

    @Test
    void aJoinRacingTheExpirySweepEitherPairsOrIsSwept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 500; round++) {
                String code = "R" + round;
                store.create(open(code, "creator"));
                CountDownLatch go = new CountDownLatch(1);
                Instant justBefore = EXPIRY.minusMillis(1);
                Future<Optional<PairingRecord>> join = pool.submit(() -> {
                    go.await();
                    return store.join(code, "joiner", "n1", justBefore);
                });
                Future<List<PairingRecord>> sweep = pool.submit(() -> {
                    go.await();
                    return List.copyOf(store.removeExpired(EXPIRY));
                });
                go.countDown();
                boolean joined = join.get(10, TimeUnit.SECONDS).isPresent();
                boolean swept = !sweep.get(10, TimeUnit.SECONDS).isEmpty();
                assertThat(joined).as("round %d: exactly one of join and sweep", round).isNotEqualTo(swept);
                assertThat(store.get(code).isPresent()).isEqualTo(joined);
                store.remove(code);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static PairingRecord open(String code, String creator) {
        return PairingRecord.open(code, creator, "n1", T0, EXPIRY);
    }
}
