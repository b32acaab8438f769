package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.core.routing.RoutingSettings;
import dev.switchboard.core.routing.UpstreamSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing keys of the {@code proxy} section: header extractors, default upstream, configured upstreams. */
class ProxyRoutingConfigTest {

    @TempDir
    Path dir;

    @Test
    void yamlConfiguresUpstreamsAndExtractors() throws IOException {
        Files.writeString(dir.resolve("switchboard.yaml"), """
                proxy:
                  upstreams: "127.0.0.1:3000 name=web, 3001 bundleId=com.x"
                  defaultUpstream: web
                  clientHeader: X-Device
                  expoUserAgent: "^RN"
                  expoClientHeader: x-install
                """);
        ProxyConfig proxy = ConfigLoader.load(null, Map.of(), Map.of(), dir).proxy();
        assertThat(proxy.configuredUpstreams()).containsExactly(new UpstreamSpec("127.0.0.1", 3000, null, null, "web"),
                new UpstreamSpec(null, 3001, null, "com.x", null));
        RoutingSettings routing = proxy.routing();
        assertThat(routing.defaultUpstream()).isEqualTo("web");
        assertThat(routing.keyRules().derive(new RouteRequest(null, null, Map.of("x-device", "d1"), "127.0.0.1", 1,
                false, null)).key()).isEqualTo("header:d1");
        assertThat(routing.keyRules().derive(new RouteRequest(null, null,
                Map.of("user-agent", "RN/1", "x-install", "i"), "127.0.0.1", 1, false, null)).key()).isEqualTo("eas:i");
    }

    @Test
    void defaultsMatchTheDocumentedRules() {
        ProxyConfig proxy = ProxyConfig.DEFAULT;
        assertThat(proxy.clientHeader()).isEqualTo("x-switchboard-client");
        assertThat(proxy.expoClientHeader()).isEqualTo("eas-client-id");
        assertThat(proxy.defaultUpstream()).isNull();
        assertThat(proxy.configuredUpstreams()).isEmpty();
        assertThat(ConfigLoader.envNames()).containsEntry("proxy.upstreams", "SWITCHBOARD_PROXY_UPSTREAMS");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SWITCHBOARD_PROXY_UPSTREAMS", "3000 colour=red"),
                Map.of(), dir)).isInstanceOf(ConfigException.class).hasMessageContaining("upstreams")
                .hasMessageContaining("unknown attribute colour");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SWITCHBOARD_PROXY_EXPO_USER_AGENT", "(unclosed"),
                Map.of(), dir)).isInstanceOf(ConfigException.class).hasMessageContaining("expoUserAgent");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SWITCHBOARD_PROXY_CLIENT_HEADER", "x: y"),
                Map.of(), dir)).isInstanceOf(ConfigException.class).hasMessageContaining("clientHeader");
    }
}
