package dev.switchboard.core.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/** The apps feature's meters ({@code switchboard.apps.*}), created once. */
final class AppMeters {

    private final Map<String, Counter> webhooks = new java.util.HashMap<>();
    final Counter resurrections;
    final Counter illegalTransitions;
    final Counter pendingDropped;
    final Counter streamDelivered;
    final Counter displayEvents;
    private final Map<String, Counter> connectRefused = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry registry;

    AppMeters(MeterRegistry registry, ToIntFunction<AppState> countByState, java.util.function.IntSupplier registered) {
        this.registry = registry;
        for (String type : new String[] {"session_request", "stop_request"}) {
            for (String outcome : new String[] {"ok", "failed"}) {
                webhooks.put(type + "/" + outcome, Counter.builder("switchboard.apps.webhooks")
                        .tag("type", type).tag("outcome", outcome)
                        .description("Webhook calls (after their attempts), by type and outcome").register(registry));
            }
        }
        resurrections = Counter.builder("switchboard.apps.resurrections")
                .description("New session_request webhooks for apps that dropped and did not come back")
                .register(registry);
        illegalTransitions = Counter.builder("switchboard.apps.illegal_transitions")
                .description("App state changes refused as illegal (a bug; logged with the ids)").register(registry);
        pendingDropped = Counter.builder("switchboard.apps.pending.dropped")
                .description("Messages dropped from a full buffer of an app that was away").register(registry);
        streamDelivered = Counter.builder("switchboard.apps.stream.delivered")
                .description("Stream messages (JSON and audio) handed to apps or held for them").register(registry);
        displayEvents = Counter.builder("switchboard.apps.display_events")
                .description("display_event messages from apps to devices").register(registry);
        Map<AppState, Gauge> gauges = new EnumMap<>(AppState.class);
        for (AppState state : AppState.values()) {
            gauges.put(state, Gauge.builder("switchboard.apps.sessions", () -> countByState.applyAsInt(state))
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("App sessions, by state").register(registry));
        }
        Gauge.builder("switchboard.apps.registered", registered::getAsInt)
                .description("Registered apps").register(registry);
    }

    void webhook(String type, boolean ok) {
        webhooks.get(type + "/" + (ok ? "ok" : "failed")).increment();
    }

    void connectRefused(String code) {
        connectRefused.computeIfAbsent(code, c -> Counter.builder("switchboard.apps.connect.refused").tag("code", c)
                .description("app_connection_init refused, by error code").register(registry)).increment();
    }
}
