package dev.switchboard.server.control;

import dev.switchboard.server.control.detect.ControlProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open control connections: all of them (for shutdown and the health report) and, once detected, by
 * protocol as the gauge {@code switchboard.control.connections{protocol}}. Refusals before detection are
 * counted in {@code switchboard.control.refused{reason}} (reasons come from a closed set).
 */
final class ControlConnections {

    private final MeterRegistry registry;
    private final ChannelGroup channels = new DefaultChannelGroup("control", GlobalEventExecutor.INSTANCE);
    private final Map<ControlProtocol, AtomicInteger> byProtocol = new EnumMap<>(ControlProtocol.class);
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    ControlConnections(MeterRegistry registry) {
        this.registry = registry;
        for (ControlProtocol protocol : ControlProtocol.values()) {
            AtomicInteger open = new AtomicInteger();
            byProtocol.put(protocol, open);
            Gauge.builder("switchboard.control.connections", open, AtomicInteger::get)
                    .tag("protocol", protocol.tag())
                    .description("Open control socket connections by protocol")
                    .register(registry);
        }
    }

    /** A connection was accepted; the group forgets it by itself when it closes. */
    void accepted(Channel channel) {
        channels.add(channel);
    }

    void detected(Channel channel, ControlProtocol protocol) {
        AtomicInteger open = byProtocol.get(protocol);
        open.incrementAndGet();
        channel.closeFuture().addListener(f -> open.decrementAndGet());
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> Counter.builder("switchboard.control.refused").tag("reason", r)
                .description("Control connections closed before a protocol was recognised").register(registry))
                .increment();
    }

    int count() {
        return channels.size();
    }

    int count(ControlProtocol protocol) {
        return byProtocol.get(protocol).get();
    }

    /** Closes every open connection and waits for them to go. */
    void closeAll() {
        channels.close().awaitUninterruptibly();
    }
}
