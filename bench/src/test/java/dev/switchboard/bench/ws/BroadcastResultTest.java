package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BroadcastResultTest {

    @Test
    void aRunWhereEveryMessageArrivedPasses() {
        assertThat(BroadcastResult.judge(10, 10, 0, 100, 0, 1000, 1000, 0)).isNull();
    }

    @Test
    void aLossyServerFailsUnlessItReportsTheDrops() {
        assertThat(BroadcastResult.judge(10, 10, 0, 100, 0, 1000, 990, 0)).contains("10 lost");
        assertThat(BroadcastResult.judge(10, 10, 0, 100, 0, 1000, 990, 10)).isNull();
        assertThat(BroadcastResult.judge(10, 10, 0, 100, 0, 1000, 980, 10)).contains("10 lost");
    }

    @Test
    void missingOrLostLinesAndRefusedPublishesFail() {
        assertThat(BroadcastResult.judge(10, 9, 0, 100, 0, 900, 900, 0)).contains("did not open");
        assertThat(BroadcastResult.judge(10, 10, 1, 100, 0, 1000, 1000, 0)).contains("closed");
        assertThat(BroadcastResult.judge(10, 10, 0, 100, 3, 1000, 1000, 0)).contains("refused");
        assertThat(BroadcastResult.judge(10, 10, 0, 0, 0, 0, 0, 0)).contains("no publish");
    }

    @Test
    void planCountsMessagesOverWarmupAndDurationAndRefusesNonsense() {
        BroadcastPlan plan = new BroadcastPlan(5, 0, 20, 128, Duration.ofSeconds(1), Duration.ofSeconds(2), 1);
        assertThat(plan.messages()).isEqualTo(60);
        assertThatThrownBy(() -> new BroadcastPlan(0, 0, 20, 128, Duration.ZERO, Duration.ofSeconds(1), 1))
                .hasMessageContaining("connections");
        assertThatThrownBy(() -> new BroadcastPlan(1, 0, 0, 128, Duration.ZERO, Duration.ofSeconds(1), 1))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> new BroadcastPlan(1, 0, 1, 0, Duration.ZERO, Duration.ofSeconds(1), 1))
                .hasMessageContaining("size");
    }
}
