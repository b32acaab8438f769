package dev.switchboard.server.control.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.control.TestHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** system.ping, system.info, system.methods, system.health, system.auth. */
class SystemMethodsTest {

    private final TestHub testHub = new TestHub(new SimpleMeterRegistry());
    private final CallDispatcher dispatcher = new CallDispatcher(testHub.methods, new SimpleMeterRegistry());

    private Object call(String method) {
        return dispatcher.call(method, null, CallContext.JSONRPC);
    }

    @Test
    void pingAnswersPongWithTheTime() {
        long before = System.currentTimeMillis();
        @SuppressWarnings("unchecked")
        Map<String, Object> pong = (Map<String, Object>) call("system.ping");
        assertThat(pong.get("pong")).isEqualTo(true);
        assertThat((Long) pong.get("time")).isBetween(before, System.currentTimeMillis());
        assertThat(pong).hasSize(2);
    }

    @Test
    void infoIsTheIdentityWithTheStartTimeAfterThePid() {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) call("system.info");
        assertThat(new ArrayList<>(info.keySet())).containsExactly("version", "node", "pid", "startedAt", "java");
        assertThat(info.get("startedAt")).isEqualTo(TestHub.STARTED.toString());
    }

    @Test
    void methodsListsEveryMethodWithItsParams() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listing = (List<Map<String, Object>>) call("system.methods");
        assertThat(listing).extracting(row -> row.get("name")).containsExactly("hub.connections", "hub.disconnect",
                "hub.publish", "system.auth", "system.health", "system.info", "system.methods", "system.ping");
        assertThat(listing).allSatisfy(row -> {
            assertThat(row).containsOnlyKeys("name", "params", "description");
            assertThat((String) row.get("description")).isNotBlank();
        });
        assertThat(listing.get(0).get("params")).isEqualTo("{user?: string, device?: string, limit?: 1..10000 (default 1000)}");
    }

    @Test
    void healthIsWhatTheSupplierGives() {
        assertThat(call("system.health")).isEqualTo(Map.of("status", "ok", "controlConnections", 0));
    }

    @Test
    void authIsAcceptedAndNotRequiredOnTheUnixSocket() {
        assertThat(call("system.auth")).isEqualTo(Map.of("authenticated", true, "required", false));
    }
}
