package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void recordsMicrosecondsFromStampToArrival() {
        Latency latency = new Latency();
        latency.delivered(1_000_000L, 1_250_000L); // 250 µs
        latency.delivered(1_000_000L, 3_000_000L); // 2000 µs
        Histogram h = latency.snapshot();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getValueAtPercentile(50)).isBetween(249L, 251L);
        assertThat(h.getMaxValue()).isBetween(1999L, 2001L);
        assertThat(latency.delivered()).isEqualTo(2);
    }

    @Test
    void resetForgetsLatenciesButKeepsCountingDeliveries() {
        Latency latency = new Latency();
        latency.delivered(0, 10_000_000L);
        latency.reset();
        latency.delivered(0, 1_000L);
        assertThat(latency.snapshot().getTotalCount()).isEqualTo(1);
        assertThat(latency.snapshot().getMaxValue()).isLessThan(10);
        assertThat(latency.delivered()).isEqualTo(2);
    }

    @Test
    void anArrivalBeforeItsStampCountsAsZeroNotNegative() {
        Latency latency = new Latency();
        latency.delivered(5_000L, 1_000L);
        assertThat(latency.snapshot().getMinValue()).isZero();
    }

    @Test
    void everyStampCountsUntilAStaleBoundIsSetThenEarlierStampsAreCountedApart() {
        Latency latency = new Latency();
        latency.delivered(Long.MIN_VALUE + 5, Long.MIN_VALUE + 10); // nanoTime may be any long, negative too
        latency.delivered(42L, 50L);
        assertThat(latency.delivered()).isEqualTo(2);

        latency.staleBefore(1_000L);
        latency.delivered(999L, 5_000L);
        latency.delivered(1_000L, 5_000L);
        assertThat(latency.delivered()).isEqualTo(3);
        assertThat(latency.staleCount()).isEqualTo(1);
        assertThat(latency.snapshot().getMaxValue()).isEqualTo(4);
    }

    @Test
    void unstampedFramesAreCountedApart() {
        Latency latency = new Latency();
        latency.unstamped();
        assertThat(latency.unstampedCount()).isEqualTo(1);
        assertThat(latency.delivered()).isZero();
    }
}
