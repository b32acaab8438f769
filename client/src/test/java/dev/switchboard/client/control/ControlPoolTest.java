package dev.switchboard.client.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlPoolTest {

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheMaximumWithJitter() {
        ControlPool pool = new ControlPool(ControlClientOptions.forSocket(Path.of("/nonexistent/control.sock"))
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)));
        try {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                long first = pool.backoffNanos(1);
                assertThat(first).isBetween(ms(25), ms(50));
                assertThat(pool.backoffNanos(2)).isBetween(ms(50), ms(100));
                assertThat(pool.backoffNanos(4)).isBetween(ms(200), ms(400));
                assertThat(pool.backoffNanos(6)).isBetween(ms(500), ms(1000)); // 1600 capped at 1000
                assertThat(pool.backoffNanos(1_000)).isBetween(ms(500), ms(1000));
                seen.add(first);
            }
            assertThat(seen).as("jittered, not a fixed delay").hasSizeGreaterThan(10);
        } finally {
            pool.close();
        }
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
