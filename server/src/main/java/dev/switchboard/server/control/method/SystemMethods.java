package dev.switchboard.server.control.method;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code system.*} methods: liveness, identity, the method list, health, authentication. */
public final class SystemMethods {

    /** Params of {@code system.auth}. */
    public record AuthParams(String apiKey) {
    }

    private SystemMethods() {
    }

    /**
     * @param identity  the node's fixed facts (version, node, pid, java, transport, gatewayPort, home,
     *                  controlSocket), as SwitchboardNode#identity gives them
     * @param startedAt when the node started, added to {@code system.info}
     * @param health    the latest health report (never gathered on the calling event loop)
     */
    public static void register(MethodRegistry methods, Clock clock, Supplier<Map<String, Object>> identity,
                                Instant startedAt, Supplier<Map<String, Object>> health) {
        methods.register("system.ping", NoParams.class, "{}",
                "answers {pong:true, time:<epoch ms>}; checks the daemon is alive and responsive",
                (p, ctx) -> Map.of("pong", true, "time", clock.millis()));
        methods.register("system.info", NoParams.class, "{}",
                "version, node id, pid, start time, Java, transport, gateway port, home and control socket",
                (p, ctx) -> info(identity.get(), startedAt));
        methods.register("system.methods", NoParams.class, "{}",
                "lists every method with its params and description",
                (p, ctx) -> methods.list());
        methods.register("system.health", NoParams.class, "{}",
                "the latest health report: status ok|degraded, uptime, memory, event-loop latency, lines",
                (p, ctx) -> health.get());
        // On the TCP listener the gate (ApiKeyGate) answers this call itself; on the Unix socket the file mode is
        // the access control, so the call is accepted and the key is not checked.
        methods.register(ApiKeyGate.AUTH_METHOD, AuthParams.class, "{apiKey: string}",
                "authenticates a TCP control connection (must be its first call); not required on the Unix socket",
                (p, ctx) -> Map.of("authenticated", true, "required", false));
    }

    private static Map<String, Object> info(Map<String, Object> identity, Instant startedAt) {
        Map<String, Object> info = new LinkedHashMap<>();
        for (Map.Entry<String, Object> fact : identity.entrySet()) {
            info.put(fact.getKey(), fact.getValue());
            if (fact.getKey().equals("pid")) {
                info.put("startedAt", startedAt.toString());
            }
        }
        info.putIfAbsent("startedAt", startedAt.toString());
        return info;
    }
}
