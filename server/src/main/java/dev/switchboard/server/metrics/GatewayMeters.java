package dev.switchboard.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket door's counters. Hot-path counters are fields; tagged ones are cached by tag value, and
 * tag values come from closed sets (reason codes), so the cache is bounded.
 */
public final class GatewayMeters {

    private final MeterRegistry registry;
    public final Counter handshakesAccepted;
    public final Counter messagesIn;
    public final Counter bytesIn;
    public final Counter messagesOut;
    public final Counter bytesOut;
    public final Counter slowCloses;
    public final Counter heartbeatCloses;
    public final Counter oversizeCloses;
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    public GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
        handshakesAccepted = Counter.builder("switchboard.handshakes.accepted")
                .description("WebSocket upgrades completed").register(registry);
        messagesIn = Counter.builder("switchboard.messages.in").description("Frames received from lines")
                .register(registry);
        bytesIn = Counter.builder("switchboard.payload.in").baseUnit("bytes").description("Payload bytes received")
                .register(registry);
        messagesOut = Counter.builder("switchboard.messages.out").description("Messages written to lines")
                .register(registry);
        bytesOut = Counter.builder("switchboard.payload.out").baseUnit("bytes").description("Payload bytes written")
                .register(registry);
        slowCloses = closes("slow_consumer");
        heartbeatCloses = closes("heartbeat_timeout");
        oversizeCloses = closes("message_too_big");
    }

    /** A connection refused before the upgrade, by reason code (token_expired, duplicate_device, ...). */
    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, r -> Counter.builder("switchboard.handshakes.rejected").tag("reason", r)
                .description("Connections refused before the upgrade").register(registry)).increment();
    }

    /** A message a line could not take (closed, over its outbound bound). */
    public void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> Counter.builder("switchboard.messages.dropped").tag("reason", r)
                .description("Messages handed to a line that could not take them").register(registry)).increment();
    }

    private Counter closes(String reason) {
        return Counter.builder("switchboard.lines.closed").tag("reason", reason)
                .description("Lines closed by the server, by reason").register(registry);
    }
}
