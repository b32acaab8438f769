package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiringLruMapTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void entriesExpireAfterTtlUnusedAndUseRefreshesThem() {
        ExpiringLruMap<String, String> map = new ExpiringLruMap<>(10, Duration.ofSeconds(10));
        map.put("a", "1", t0);
        map.put("b", "2", t0);
        assertThat(map.get("a", t0.plusSeconds(9))).isEqualTo("1");
        assertThat(map.get("b", t0.plusSeconds(10))).as("exactly ttl unused is expired").isNull();
        assertThat(map.get("a", t0.plusSeconds(18))).as("refreshed at 9 s").isEqualTo("1");
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.sweep(t0.plusSeconds(28))).isEqualTo(1);
        assertThat(map.size()).isZero();
    }

    @Test
    void touchingTheYoungestAgainKeepsTheLruOrderRightAfterRemovalsAndSweeps() {
        ExpiringLruMap<String, String> map = new ExpiringLruMap<>(2, Duration.ofSeconds(10));
        map.put("a", "1", t0);
        map.put("b", "2", t0);
        map.get("b", t0.plusSeconds(1));
        map.get("b", t0.plusSeconds(2));
        map.get("a", t0.plusSeconds(3));
        map.put("c", "3", t0.plusSeconds(4));
        assertThat(map.peek("b", t0.plusSeconds(4))).isNull();
        assertThat(map.peek("a", t0.plusSeconds(4))).isEqualTo("1");

        // "c" is the youngest; once removed and re-added it must go to the young end again.
        map.remove("c");
        map.put("d", "4", t0.plusSeconds(5));
        map.put("c", "5", t0.plusSeconds(6));
        map.get("d", t0.plusSeconds(7));
        map.put("e", "6", t0.plusSeconds(8));
        assertThat(map.peek("c", t0.plusSeconds(8))).isNull();
        assertThat(map.peek("d", t0.plusSeconds(8))).isEqualTo("4");

        // Touching the youngest refreshes its TTL even though it is not moved.
        map.get("e", t0.plusSeconds(17));
        map.get("e", t0.plusSeconds(18));
        assertThat(map.sweep(t0.plusSeconds(18))).isEqualTo(1);
        assertThat(map.peek("e", t0.plusSeconds(27))).isEqualTo("6");
        assertThat(map.peek("e", t0.plusSeconds(28))).isNull();
    }

    @Test
    void peekNeitherRefreshesNorReorders() {
        ExpiringLruMap<String, String> map = new ExpiringLruMap<>(2, Duration.ofSeconds(10));
        map.put("a", "1", t0);
        map.put("b", "2", t0.plusSeconds(1));
        assertThat(map.peek("a", t0.plusSeconds(5))).isEqualTo("1");
        map.put("c", "3", t0.plusSeconds(6));
        assertThat(map.peek("a", t0.plusSeconds(6))).as("a stayed the eldest and was evicted").isNull();
        assertThat(map.peek("b", t0.plusSeconds(10))).isEqualTo("2");
        assertThat(map.peek("b", t0.plusSeconds(11))).isNull();
    }

    @Test
    void theLeastRecentlyUsedIsEvictedAtCapacity() {
        ExpiringLruMap<Integer, Integer> map = new ExpiringLruMap<>(3, Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            map.put(i, i, t0.plusSeconds(i));
        }
        map.get(0, t0.plusSeconds(5));
        map.put(3, 3, t0.plusSeconds(6));
        assertThat(map.peek(1, t0.plusSeconds(6))).isNull();
        assertThat(map.peek(0, t0.plusSeconds(6))).isZero();
        assertThat(map.evictions()).isEqualTo(1);
        for (int i = 0; i < 10_000; i++) {
            map.put(100 + i, i, t0.plusSeconds(7));
        }
        assertThat(map.size()).isEqualTo(3);
        List<Integer> live = new ArrayList<>();
        map.forEachLive(t0.plusSeconds(7), (k, v) -> live.add(k));
        assertThat(live).containsExactly(10_097, 10_098, 10_099);
    }
}
