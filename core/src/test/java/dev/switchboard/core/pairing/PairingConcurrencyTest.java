package dev.switchboard.core.pairing;

import dev.switchboard.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPairingStore;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.core.pairing.RecordingEvents.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pairing service under many threads, on real executors and with its own sweep thread. */
class PairingConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PAIRS = 1_000;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Hub hub = new Hub("n1", HubSettings.DEFAULT, new MemoryPresenceStore(), new MemoryBroker(), registry);
    private final MemoryPairingStore store = new MemoryPairingStore();
    private final RecordingEvents events = new RecordingEvents();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void aThousandCodesRacedForByTwoJoinersEachPairExactlyOnceAndLeaveNothingBehind() throws Exception {
        PairingService service = new PairingService("n1", PairingSettings.DEFAULT, store, hub, events, clock, registry,
                new PairingCodes(4), false);
        List<TestLine> creators = new ArrayList<>();
        List<TestLine> joiners = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            creators.add(connect(new TestLine()));
            joiners.add(connect(new TestLine(Runnable::run, "10.1." + (i / 250) + "." + (i % 250))));
            joiners.add(connect(new TestLine(Runnable::run, "10.2." + (i / 250) + "." + (i % 250))));
        }

        inParallel(PAIRS, i -> service.create(creators.get(i)));
        List<String> codes = creators.stream().map(events::lastCode).toList();
        assertThat(new HashSet<>(codes)).hasSize(PAIRS);
        assertThat(service.openCodes()).isEqualTo(PAIRS);

        List<int[]> attempts = new ArrayList<>(); // {joiner index, code index}
        for (int i = 0; i < PAIRS; i++) {
            attempts.add(new int[] {2 * i, i});
            attempts.add(new int[] {2 * i + 1, i});
        }
        Collections.shuffle(attempts, new Random(42));
        inParallel(attempts.size(), a -> {
            TestLine joiner = joiners.get(attempts.get(a)[0]);
            service.join(joiner, joiner.remoteAddress(), codes.get(attempts.get(a)[1]));
        });

        for (int i = 0; i < PAIRS; i++) {
            TestLine creator = creators.get(i);
            TestLine first = joiners.get(2 * i);
            TestLine second = joiners.get(2 * i + 1);
            List<Event> paired = events.of(creator, "paired");
            assertThat(paired).as("creator %d paired once", i).hasSize(1);
            TestLine winner = paired.get(0).peer().equals(first.id()) ? first : second;
            TestLine loser = winner == first ? second : first;
            assertThat(paired.get(0).peer()).isEqualTo(winner.id());
            assertThat(events.of(winner, "paired")).extracting(Event::peer, Event::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(creator.id(), codes.get(i)));
            assertThat(events.errorCodes(loser)).containsExactly(PairingErrors.INVALID_CODE);
            assertThat(events.of(loser, "paired")).isEmpty();
        }
        assertThat(service.activePairings()).isEqualTo(PAIRS);
        assertThat(service.openCodes()).isZero();
        assertThat(store.size()).isEqualTo(PAIRS);
        assertThat(registry.get("switchboard.pairing.joins").tag("outcome", "paired").counter().count())
                .isEqualTo(PAIRS);

        inParallel(2 * PAIRS, j -> service.data(joiners.get(j), null, ("from-" + joiners.get(j).id()).getBytes(
                StandardCharsets.UTF_8)));
        for (TestLine creator : creators) {
            String peer = events.of(creator, "paired").get(0).peer();
            assertThat(events.received(creator)).containsExactly("from-" + peer);
        }
        assertThat(events.all()).filteredOn(e -> e.kind().equals("error"))
                .extracting(Event::detail).containsOnly(PairingErrors.INVALID_CODE, PairingErrors.NOT_PAIRED);

        List<TestLine> everyone = new ArrayList<>(creators);
        everyone.addAll(joiners);
        Collections.shuffle(everyone, new Random(7));
        inParallel(everyone.size(), i -> hub.remove(everyone.get(i)));

        assertThat(store.size()).isZero();
        assertThat(service.trackedLines()).isZero();
        assertThat(service.activePairings()).isZero();
        assertThat(service.openCodes()).isZero();
        List<Event> ended = events.all().stream().filter(e -> e.kind().equals("ended")).toList();
        assertThat(ended.size()).as("at most the side that closed second is told").isBetween(1, PAIRS);
        assertThat(ended).extracting(Event::detail).containsOnly(EndReasons.PEER_DISCONNECTED);
        service.close();
    }

    @Test
    void joinsRacingTheirCreatorsCloseEitherPairAndEndOrFailAndLeaveNothingBehind() throws Exception {
        PairingService service = new PairingService("n1", PairingSettings.DEFAULT, store, hub, events, clock, registry,
                new PairingCodes(4), false);
        int pairedAndEnded = 0;
        for (int round = 0; round < 5; round++) {
            List<TestLine> creators = new ArrayList<>();
            List<TestLine> joiners = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                creators.add(connect(new TestLine()));
                joiners.add(connect(new TestLine(Runnable::run, "10." + round + "." + (i / 250) + "." + (i % 250))));
            }
            creators.forEach(service::create);
            List<String> codes = creators.stream().map(events::lastCode).toList();

            // Task 2i joins code i, task 2i+1 closes creator i: neighbouring tasks run on two threads at once.
            inParallel(2 * PAIRS, k -> {
                int i = k / 2;
                if (k % 2 == 0) {
                    service.join(joiners.get(i), joiners.get(i).remoteAddress(), codes.get(i));
                } else {
                    hub.remove(creators.get(i));
                }
            });

            assertThat(service.openCodes()).isZero();
            for (TestLine joiner : joiners) {
                int paired = events.of(joiner, "paired").size();
                List<String> errors = events.errorCodes(joiner);
                assertThat(paired + errors.size()).as("joiner %s: paired or refused, once", joiner).isEqualTo(1);
                if (paired == 1) {
                    assertThat(events.of(joiner, "ended")).as("a joiner that paired is told its creator went")
                            .extracting(Event::detail).containsExactly(EndReasons.PEER_DISCONNECTED);
                    pairedAndEnded++;
                } else {
                    assertThat(errors).containsExactly(PairingErrors.INVALID_CODE);
                }
            }
            joiners.forEach(hub::remove);
            assertThat(store.size()).isZero();
            assertThat(service.trackedLines()).isZero();
            assertThat(service.activePairings()).isZero();
            assertThat(service.openCodes()).isZero();
        }
        assertThat(pairedAndEnded).as("some joins won their race").isPositive();
        service.close();
    }

    @Test
    void burstsBothWaysArriveInOrderOnEachLinesOwnExecutor() throws Exception {
        PairingService service = new PairingService("n1", PairingSettings.DEFAULT, store, hub, events, clock, registry,
                new PairingCodes(4), false);
        ExecutorService desktopLoop = loop("desktop-loop");
        ExecutorService phoneLoop = loop("phone-loop");
        TestLine desktop = connect(new TestLine(desktopLoop, "10.0.0.1"));
        TestLine phone = connect(new TestLine(phoneLoop, "10.0.0.2"));
        desktopLoop.submit(() -> service.create(desktop)).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.of(desktop, "code").isEmpty());
        String code = events.lastCode(desktop);
        phoneLoop.submit(() -> service.join(phone, "10.0.0.2", code)).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.of(desktop, "paired").size() == 1
                && events.of(phone, "paired").size() == 1);

        int burst = 10_000;
        desktopLoop.execute(() -> {
            for (int i = 0; i < burst; i++) {
                service.data(desktop, null, ("d" + i).getBytes(StandardCharsets.UTF_8));
            }
        });
        phoneLoop.execute(() -> {
            for (int i = 0; i < burst; i++) {
                byte[] body = ("p" + i).getBytes(StandardCharsets.UTF_8);
                if (i % 2 == 0) {
                    service.binary(phone, body);
                } else {
                    service.data(phone, code, body);
                }
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> events.received(phone).size() == burst
                && events.received(desktop).size() == burst);

        List<String> atPhone = events.received(phone);
        List<String> atDesktop = events.received(desktop);
        for (int i = 0; i < burst; i++) {
            assertThat(atPhone.get(i)).isEqualTo("d" + i);
            assertThat(atDesktop.get(i)).isEqualTo("p" + i);
        }
        assertThat(events.of(phone)).extracting(Event::thread).containsOnly("phone-loop");
        assertThat(events.of(desktop)).extracting(Event::thread).containsOnly("desktop-loop");
        assertThat(events.all()).noneMatch(e -> e.kind().equals("error"));
        assertThat(registry.get("switchboard.pairing.relayed.messages").counter().count()).isEqualTo(2 * burst);
        service.close();
    }

    @Test
    void theServicesOwnThreadExpiresCodesEverySecondAndStopsOnClose() {
        PairingService service = new PairingService("n1", PairingSettings.DEFAULT, store, hub, events, clock, registry);
        TestLine desktop = connect(new TestLine());
        service.create(desktop);
        String code = events.lastCode(desktop);

        clock.advance(Duration.ofMinutes(2));

        await().atMost(Duration.ofSeconds(5)).until(() -> !events.of(desktop, "error").isEmpty());
        Event expired = events.of(desktop, "error").get(0);
        assertThat(expired.detail()).isEqualTo(PairingErrors.EXPIRED);
        assertThat(expired.code()).isEqualTo(code);
        assertThat(expired.thread()).as("direct executor: ran on the sweep thread").isEqualTo("sb-pairing");
        assertThat(store.size()).isZero();
        assertThat(service.trackedLines()).isZero();

        service.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("sb-pairing") && t.isAlive()));
    }

    private TestLine connect(TestLine line) {
        assertThat(hub.admit(line).admitted()).isTrue();
        hub.open(line);
        return line;
    }

    private ExecutorService loop(String name) {
        ExecutorService loop = Executors.newSingleThreadExecutor(task -> new Thread(task, name));
        pools.add(loop);
        return loop;
    }

    /** Runs {@code task(0..count-1)} spread over {@value #THREADS} threads that start together. */
    private void inParallel(int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        pools.add(pool);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                go.await();
                for (int i = thread; i < count; i += THREADS) {
                    task.accept(i);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }
}
