package dev.switchboard.core.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** The hub's counters, created once so the delivery path never looks a meter up by name. */
final class HubMeters {

    private enum TargetKind { DEVICE, USER, CHANNEL, BROADCAST }

    final Counter deliveries;
    final Counter duplicateRejected;
    final Counter replaced;
    private final Map<TargetKind, Counter> published = new EnumMap<>(TargetKind.class);
    private final Map<TargetKind, Counter> undeliverable = new EnumMap<>(TargetKind.class);

    HubMeters(MeterRegistry registry) {
        deliveries = Counter.builder("switchboard.deliveries")
                .description("Messages handed to lines (one per line reached)").register(registry);
        duplicateRejected = Counter.builder("switchboard.handshakes.rejected").tag("reason", "duplicate_device")
                .description("Connections refused before the upgrade").register(registry);
        replaced = Counter.builder("switchboard.lines.replaced")
                .description("Lines closed because their device connected again (replace policy)").register(registry);
        for (TargetKind kind : TargetKind.values()) {
            String tag = kind.name().toLowerCase(java.util.Locale.ROOT);
            published.put(kind, Counter.builder("switchboard.messages.published").tag("target", tag)
                    .description("Messages published, by target kind").register(registry));
            undeliverable.put(kind, Counter.builder("switchboard.messages.undeliverable").tag("target", tag)
                    .description("Published messages that reached no line").register(registry));
        }
    }

    Counter published(Target target) {
        return published.get(kindOf(target));
    }

    Counter undeliverable(Target target) {
        return undeliverable.get(kindOf(target));
    }

    private static TargetKind kindOf(Target target) {
        if (target instanceof Target.Device) {
            return TargetKind.DEVICE;
        } else if (target instanceof Target.User) {
            return TargetKind.USER;
        } else if (target instanceof Target.Channel) {
            return TargetKind.CHANNEL;
        }
        return TargetKind.BROADCAST;
    }
}
