package dev.switchboard.server.control;

import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.DuplicatePolicy;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.core.hub.RecordingLine;
import dev.switchboard.server.control.method.HubMethods;
import dev.switchboard.server.control.method.MethodRegistry;
import dev.switchboard.server.control.method.SystemMethods;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An in-memory hub with the standard methods registered, for control tests. */
public final class TestHub {

    public static final long MAX_MESSAGE = 4096;
    public static final Instant STARTED = Instant.parse("2030-01-02T03:04:05Z");

    public final Hub hub;
    public final MethodRegistry methods = new MethodRegistry();

    public TestHub(MeterRegistry registry) {
        this.hub = new Hub("node-test", new HubSettings(DuplicatePolicy.REJECT, 8), new MemoryPresenceStore(),
                new MemoryBroker(), registry);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("version", "test");
        identity.put("node", "node-test");
        identity.put("pid", 42L);
        identity.put("java", "17");
        SystemMethods.register(methods, Clock.systemUTC(), () -> identity, STARTED,
                () -> Map.of("status", "ok", "controlConnections", 0));
        HubMethods.register(methods, hub, MAX_MESSAGE);
    }

    /** Opens a recording line on the hub. */
    public RecordingLine open(String id, String user, String device, Instant connectedAt) {
        RecordingLine line = new RecordingLine(id, user, device, connectedAt, Runnable::run);
        hub.admit(line);
        hub.open(line);
        return line;
    }
}
