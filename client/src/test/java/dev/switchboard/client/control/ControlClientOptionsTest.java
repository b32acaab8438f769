package dev.switchboard.client.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlClientOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ControlClientOptions options = ControlClientOptions.DEFAULT;
        assertThat(options.socketPath()).isEqualTo(ControlSocketPath.resolve(System.getenv()));
        assertThat(options.mode()).isEqualTo(ControlMode.JSON_RPC);
        assertThat(options.callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.poolMin()).isEqualTo(1);
        assertThat(options.poolMax()).isEqualTo(4);
        assertThat(options.acquireTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.idleEviction()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.healthInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.reconnectInitial()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.reconnectMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.maxInFlightPerConnection()).isEqualTo(10_000);
        assertThat(options.maxPayload()).isEqualTo(ControlWire.DEFAULT_MAX_PAYLOAD);
    }

    @Test
    void withersChangeOneThing() {
        ControlClientOptions options = ControlClientOptions.forSocket(Path.of("/tmp/x.sock"))
                .withMode(ControlMode.BINARY).withPool(2, 8);
        assertThat(options.socketPath()).isEqualTo(Path.of("/tmp/x.sock"));
        assertThat(options.mode()).isEqualTo(ControlMode.BINARY);
        assertThat(options.poolMin()).isEqualTo(2);
        assertThat(options.poolMax()).isEqualTo(8);
        assertThat(options.callTimeout()).isEqualTo(ControlClientOptions.DEFAULT.callTimeout());
    }

    @Test
    void rejectsNonsense() {
        ControlClientOptions base = ControlClientOptions.DEFAULT;
        assertThatThrownBy(() -> base.withPool(0, 4)).hasMessageContaining("poolMin must be at least 1");
        assertThatThrownBy(() -> base.withPool(3, 2)).hasMessageContaining("poolMax (2) must be at least poolMin (3)");
        assertThatThrownBy(() -> base.withCallTimeout(Duration.ZERO)).hasMessageContaining("callTimeout must be positive");
        assertThatThrownBy(() -> base.withReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("reconnectMax");
        assertThatThrownBy(() -> base.withMaxInFlightPerConnection(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withSocketPath(null)).isInstanceOf(NullPointerException.class);
    }
}
