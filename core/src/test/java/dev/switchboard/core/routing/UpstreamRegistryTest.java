package dev.switchboard.core.routing;

import dev.switchboard.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamRegistryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final UpstreamRegistry registry = new UpstreamRegistry(clock);

    @Test
    void registeringTheSameAddressUpdatesAndKeepsTheId() {
        List<Integer> changes = new ArrayList<>();
        registry.onChange(list -> changes.add(list.size()));
        UpstreamStatus first = registry.register(new UpstreamSpec(null, 3000, null, null, "web"));
        clock.advance(Duration.ofSeconds(1));
        registry.markDead(first.id());
        UpstreamStatus again = registry.register(new UpstreamSpec("127.0.0.1", 3000, "/src", "com.x", null));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.live()).as("registering again revives it").isTrue();
        assertThat(again.upstream().name()).isNull();
        assertThat(again.upstream().bundleId()).isEqualTo("com.x");
        assertThat(again.upstream().registeredAt()).isAfter(first.upstream().registeredAt());
        assertThat(registry.list()).hasSize(1);
        UpstreamStatus other = registry.register(new UpstreamSpec("localhost", 3000, null, null, null));
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(changes).containsExactly(1, 1, 2);
    }

    @Test
    void liveness() {
        UpstreamStatus u = registry.register(new UpstreamSpec(null, 3000, null, null, null));
        assertThat(registry.markDead(u.id())).isTrue();
        assertThat(registry.markDead(u.id())).isFalse();
        assertThat(registry.live(u.id())).isNull();
        assertThat(registry.liveByRecency()).isEmpty();
        assertThat(registry.markLive(u.id())).isTrue();
        assertThat(registry.live(u.id())).isEqualTo(u.upstream());
        assertThat(registry.markLive("u-nothing")).isFalse();
    }

    @Test
    void findsByIdAddressPortOrUniqueName() {
        UpstreamStatus web = registry.register(new UpstreamSpec(null, 3000, null, "com.x.web", "web"));
        UpstreamStatus admin = registry.register(new UpstreamSpec(null, 3001, null, null, "Admin"));
        registry.register(new UpstreamSpec("localhost", 3002, null, null, "dup"));
        registry.register(new UpstreamSpec("127.0.0.2", 3002, null, null, "dup"));
        assertThat(registry.find(web.id())).contains(web);
        assertThat(registry.find("127.0.0.1:3001")).contains(admin);
        assertThat(registry.find("3000")).contains(web);
        assertThat(registry.find("admin")).contains(admin);
        assertThat(registry.find("COM.X.WEB")).contains(web);
        assertThat(registry.find("dup")).as("ambiguous name").isEmpty();
        assertThat(registry.find("3002")).as("ambiguous port").isEmpty();
        assertThat(registry.find(" ")).isEmpty();
    }

    @Test
    void unregisterTellsRemovalListeners() {
        List<String> removed = new ArrayList<>();
        registry.onRemoval(removed::add);
        UpstreamStatus u = registry.register(new UpstreamSpec(null, 3000, null, null, null));
        assertThat(registry.unregister(u.id())).isTrue();
        assertThat(registry.unregister(u.id())).isFalse();
        assertThat(removed).containsExactly(u.id());
    }

    @Test
    void specValidation() {
        assertThatThrownBy(() -> new UpstreamSpec(null, 0, null, null, null)).hasMessageContaining("port");
        assertThatThrownBy(() -> new UpstreamSpec("a b", 1, null, null, null)).hasMessageContaining("host");
        assertThat(new UpstreamSpec(" ", 1, " ", "", null).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void specListParsesTheOneLineForm() {
        List<UpstreamSpec> specs = UpstreamSpecList.parse("127.0.0.1:3000 name=web, 3001 bundleId=com.x root=/src/x,"
                + " [::1]:3002");
        assertThat(specs).containsExactly(new UpstreamSpec("127.0.0.1", 3000, null, null, "web"),
                new UpstreamSpec(null, 3001, "/src/x", "com.x", null), new UpstreamSpec("::1", 3002, null, null, null));
        assertThat(UpstreamSpecList.parse(" ")).isEmpty();
        assertThatThrownBy(() -> UpstreamSpecList.parse("web:x")).hasMessageContaining("[host:]port");
        assertThatThrownBy(() -> UpstreamSpecList.parse("3000 colour=red")).hasMessageContaining("unknown attribute");
        assertThatThrownBy(() -> UpstreamSpecList.parse("3000 name=")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> UpstreamSpecList.parse("99999")).hasMessageContaining("port");
    }
}
