package dev.switchboard.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hub's indexes under many threads connecting, subscribing, publishing and disconnecting at once. */
class HubConcurrencyTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 2_000;

    @Test
    void indexesStayConsistentUnderConcurrentChurn() throws Exception {
        MemoryPresenceStore presence = new MemoryPresenceStore();
        Hub hub = new Hub("n1", HubSettings.DEFAULT, presence, new MemoryBroker(), new SimpleMeterRegistry());
        // A handful of shared devices, so that threads really do fight over the same device slots.
        String[] devices = {"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"};
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            work.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < ROUNDS; i++) {
                    String device = devices[random.nextInt(devices.length)];
                    RecordingLine line = new RecordingLine("user-" + device, device);
                    if (!hub.admit(line).admitted()) {
                        refusals.incrementAndGet();
                        hub.remove(line); // a refused handshake still cleans up after itself
                        continue;
                    }
                    hub.open(line);
                    opened.incrementAndGet();
                    hub.subscribe(line, "c" + random.nextInt(4));
                    hub.subscribe(line, "all");
                    assertThat(hub.lineOfDevice(device)).as("an open line is findable by its device").contains(line);
                    hub.remove(line);
                }
                return null;
            }));
        }
        Future<?> publisher = pool.submit(() -> {
            start.await();
            while (!Thread.currentThread().isInterrupted()) {
                hub.publish(Target.channel("all"), Message.json("1"));
                hub.publish(Target.broadcast(), Message.json("2"));
            }
            return null;
        });
        start.countDown();
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        publisher.cancel(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(opened.get() + refusals.get()).isEqualTo(THREADS * ROUNDS);
        assertThat(opened.get()).isPositive();
        assertThat(hub.lineCount()).isZero();
        assertThat(hub.channelCount()).as("no channel outlives its last subscriber").isZero();
        assertThat(presence.size()).as("no device slot leaks").isZero();
        assertThat(hub.publish(Target.broadcast(), Message.json("3"))).isZero();
        for (String device : devices) {
            assertThat(hub.lineOfDevice(device)).isEmpty();
        }
    }
}
