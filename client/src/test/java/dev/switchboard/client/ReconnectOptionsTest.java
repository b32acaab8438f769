package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectOptionsTest {

    private final ReconnectOptions options = ReconnectOptions.DEFAULT
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void backoffDoublesUpToTheCapAndJitterOnlyShortensIt() {
        assertThat(options.backoff(1, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(options.backoff(2, 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(options.backoff(4, 0)).isEqualTo(Duration.ofMillis(800));
        assertThat(options.backoff(5, 0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(options.backoff(1_000_000, 0)).isEqualTo(Duration.ofMillis(1000));
        // jitter 0.5: a wait of d lies in d/2..d
        assertThat(options.backoff(4, 1)).isEqualTo(Duration.ofMillis(400));
        assertThat(options.backoff(4, 0.5)).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> options.withLimits(0, Duration.ofSeconds(1))).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> options.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> options.withConnectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> new ReconnectOptions(Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1),
                1, Duration.ofSeconds(1), 1.5)).hasMessageContaining("jitter");
    }
}
