package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultANodeIsEmbedded() throws Exception {
        SwitchboardConfig config = ConfigLoader.load(null, Map.of(), Map.of(), dir);

        assertThat(config.cluster().clustered()).isFalse();
        assertThat(config.cluster().nodeId()).isNull();
        assertThat(config.cluster().presenceTtl()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theRedisUrlFromTheEnvironmentMakesItAClusterNodeAndIsNeverPrinted() throws Exception {
        SwitchboardConfig config = ConfigLoader.load(null, Map.of(
                "SWITCHBOARD_CLUSTER_REDIS_URL", "redis://:hunter2@10.0.0.5:6379/2",
                "SWITCHBOARD_CLUSTER_NODE_ID", "gw-1",
                "SWITCHBOARD_CLUSTER_ACK_TIMEOUT", "0ms"), Map.of(), dir);

        assertThat(config.cluster().clustered()).isTrue();
        assertThat(config.cluster().nodeId()).isEqualTo("gw-1");
        assertThat(config.cluster().ackTimeout()).isZero();
        assertThat(config.describe()).contains("cluster.redisUrl = <set>").doesNotContain("hunter2");
        assertThat(config.cluster().toString()).doesNotContain("hunter2");
    }

    @Test
    void aBlankRedisUrlMeansEmbedded() throws Exception {
        SwitchboardConfig config = ConfigLoader.load(null, Map.of("SWITCHBOARD_CLUSTER_REDIS_URL", " "), Map.of(), dir);

        assertThat(config.cluster().clustered()).isFalse();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "SWITCHBOARD_CLUSTER_REDIS_URL          | http://x:6379 | must be a Redis URL such as redis://127.0.0.1:6379",
            "SWITCHBOARD_CLUSTER_NODE_ID            | a b           | must be 1..64 letters, digits",
            "SWITCHBOARD_CLUSTER_KEY_PREFIX         | a b           | must be 1..64 letters, digits or any of",
            "SWITCHBOARD_CLUSTER_PRESENCE_TTL       | 500ms         | must be between 1s and 10m",
            "SWITCHBOARD_CLUSTER_HEARTBEAT_INTERVAL | 8s            | must be at most half of presenceTtl (15s)",
            "SWITCHBOARD_CLUSTER_ACK_TIMEOUT        | 11s           | must be between 0 and 10s",
            "SWITCHBOARD_CLUSTER_COMMAND_TIMEOUT    | 10ms          | must be between 100ms and 1m",
    })
    void badValuesAreRefusedNamingTheRule(String env, String value, String rule) {
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(null, Map.of(env, value), Map.of(), dir));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageContaining(rule);
        assertThat(thrown.getMessage()).contains("cluster.");
    }
}
