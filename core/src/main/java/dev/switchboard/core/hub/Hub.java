package dev.switchboard.core.hub;

import dev.switchboard.core.cluster.Broker;
import dev.switchboard.core.cluster.Envelope;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.cluster.PresenceStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows who is on which line and puts each published message through to exactly the lines it targets.
 *
 * <p>Lookups by line id, device and user are single hash lookups; channels and "everyone" are
 * {@link LineGroup}s that cost one task per executor per publish. Nothing on the delivery path takes a
 * lock. Every index entry is owned by its line and removed by {@link #remove(Line)} when it closes.
 *
 * <p>Lifecycle of a line: {@link #admit} (before the upgrade: claims the device and lists the line, so a
 * replacing line or a shutdown can close it even mid-handshake), {@link #open} (after the upgrade: the
 * line starts receiving), {@link #remove} (on close, also after a failed upgrade).
 *
 * <p>A line that belongs to a user session ({@link Line#endpoint()} is not the line itself) is only listed
 * ({@code byId}, {@code byDevice}); routing and channel memberships go to the session's endpoint, opened with
 * {@link #openEndpoint} and removed with {@link #remove} when the session is disposed, so they outlive the line.
 */
public final class Hub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final Line[] NO_LINES = new Line[0];

    private final String nodeId;
    private final HubSettings settings;
    private final PresenceStore presence;
    private final Broker broker;
    private final Broker.Subscription subscription;
    private final HubMeters meters;

    private final Map<String, Line> byId = new ConcurrentHashMap<>();
    private final Map<String, Line> byDevice = new ConcurrentHashMap<>();
    // Where a device-targeted message goes: the line itself, or the endpoint of the session the line belongs to.
    private final Map<String, Line> routeByDevice = new ConcurrentHashMap<>();
    // Session endpoints (see Line#endpoint): routed to like lines, never listed as lines. Owned by their sessions.
    private final Map<String, Line> endpoints = new ConcurrentHashMap<>();
    // Copy-on-write arrays: users hold few lines, and an array is the smallest thing to keep per user.
    private final Map<String, Line[]> byUser = new ConcurrentHashMap<>();
    private final LineGroup everyone = new LineGroup();
    private final Map<String, LineGroup> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> memberships = new ConcurrentHashMap<>();
    private final List<Consumer<Line>> closeListeners = new CopyOnWriteArrayList<>();

    public Hub(String nodeId, HubSettings settings, PresenceStore presence, Broker broker, MeterRegistry registry) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.meters = new HubMeters(registry);
        Gauge.builder("switchboard.lines.open", byId, Map::size)
                .description("Lines currently open on this node")
                .register(registry);
        Gauge.builder("switchboard.channels", channels, Map::size)
                .description("Channels with at least one subscriber on this node")
                .register(registry);
        this.subscription = broker.subscribe(nodeId, this::deliverLocal);
    }

    public String nodeId() {
        return nodeId;
    }

    public HubSettings settings() {
        return settings;
    }

    /**
     * Claims the line's device before its upgrade. Under {@link DuplicatePolicy#REJECT} a device that
     * already holds a line is refused; under {@link DuplicatePolicy#REPLACE} the older line is closed.
     */
    public Admission admit(Line line) {
        return admit(line, settings.duplicatePolicy());
    }

    /**
     * Admits the line whatever the duplicate policy, closing the line that holds its device: a session resume
     * proves with its token that it is the same device coming back, so it never waits for the old socket to die.
     */
    public Admission admitReplacing(Line line) {
        return admit(line, DuplicatePolicy.REPLACE);
    }

    private Admission admit(Line line, DuplicatePolicy policy) {
        PresenceRecord record = presenceOf(line);
        if (policy == DuplicatePolicy.REJECT) {
            Optional<PresenceRecord> holder = presence.claim(record);
            if (holder.isPresent()) {
                meters.duplicateRejected.increment();
                log.debug("refuse line {}: device {} already held by line {} on node {}",
                        line.id(), record.deviceId(), holder.get().lineId(), holder.get().nodeId());
                return Admission.refused(holder.get());
            }
            byId.put(line.id(), line);
            return Admission.granted(Optional.empty());
        }
        Optional<PresenceRecord> previous = presence.takeOver(record);
        byId.put(line.id(), line);
        previous.ifPresent(old -> {
            meters.replaced.increment();
            Line oldLine = byId.get(old.lineId());
            log.debug("line {} replaces line {} for device {}", line.id(), old.lineId(), record.deviceId());
            if (oldLine != null) {
                oldLine.close(CloseReason.REPLACED);
            }
        });
        return Admission.granted(previous);
    }

    /** The line has been upgraded: from now on it receives what targets it. */
    public void open(Line line) {
        byDevice.put(line.principal().deviceId(), line);
        if (line.endpoint() == line) {
            route(line);
        }
    }

    /**
     * Routes to a session endpoint (see {@link Line#endpoint()}) from now on, while its device's lines come and
     * go; it leaves with {@link #remove}. It is not a line: not listed, not counted, never closed by the hub.
     */
    public void openEndpoint(Line endpoint) {
        endpoints.put(endpoint.id(), endpoint);
        route(endpoint);
    }

    private void route(Line line) {
        routeByDevice.put(line.principal().deviceId(), line);
        byUser.compute(line.principal().userId(), (user, lines) -> append(lines, line));
        everyone.add(line);
    }

    /**
     * Calls {@code listener} once for every line the hub forgets, after it has left every index, on the thread
     * that called {@link #remove} (for the WebSocket door: the line's own executor). Features that keep per-line state (pairings, sessions) release it here.
     */
    public void onLineClosed(Consumer<Line> listener) {
        closeListeners.add(listener);
    }

    /** Forgets the line everywhere. Idempotent, and harmless for a line that never opened. */
    public void remove(Line line) {
        boolean wasListed = byId.remove(line.id(), line);
        byDevice.remove(line.principal().deviceId(), line);
        routeByDevice.remove(line.principal().deviceId(), line);
        endpoints.remove(line.id(), line);
        byUser.computeIfPresent(line.principal().userId(), (user, lines) -> without(lines, line));
        everyone.remove(line);
        Set<String> joined = memberships.remove(line.id());
        if (joined != null) {
            for (String channel : joined) {
                leaveChannel(channel, line);
            }
        }
        presence.release(presenceOf(line));
        if (wasListed) {
            for (Consumer<Line> listener : closeListeners) {
                listener.accept(line);
            }
        }
    }

    public SubscribeOutcome subscribe(Line line, String channel) {
        if (ChannelNames.problem(channel) != null) {
            return SubscribeOutcome.INVALID_CHANNEL;
        }
        if (byId.get(line.id()) != line) {
            return SubscribeOutcome.LINE_CLOSED;
        }
        Line member = line.endpoint();
        if (member != line && endpoints.get(member.id()) != member) {
            return SubscribeOutcome.LINE_CLOSED;
        }
        Set<String> joined = memberships.computeIfAbsent(member.id(), id -> ConcurrentHashMap.newKeySet());
        if (joined.contains(channel)) {
            return SubscribeOutcome.ALREADY_SUBSCRIBED;
        }
        if (joined.size() >= settings.maxChannelsPerLine()) {
            return SubscribeOutcome.TOO_MANY_CHANNELS;
        }
        joined.add(channel);
        channels.compute(channel, (name, group) -> {
            LineGroup g = group == null ? new LineGroup() : group;
            g.add(member);
            return g;
        });
        log.debug("line {} subscribed to channel {}", line.id(), channel);
        return SubscribeOutcome.SUBSCRIBED;
    }

    public SubscribeOutcome unsubscribe(Line line, String channel) {
        if (ChannelNames.problem(channel) != null) {
            return SubscribeOutcome.INVALID_CHANNEL;
        }
        Line member = line.endpoint();
        Set<String> joined = memberships.get(member.id());
        if (joined == null || !joined.remove(channel)) {
            return SubscribeOutcome.NOT_SUBSCRIBED;
        }
        leaveChannel(channel, member);
        log.debug("line {} unsubscribed from channel {}", line.id(), channel);
        return SubscribeOutcome.UNSUBSCRIBED;
    }

    /**
     * Publishes through the broker to every node.
     *
     * @return the number of lines the message was handed to; 0 is counted as undeliverable
     */
    public int publish(Target target, Message message) {
        int reached = broker.publish(new Envelope(target, message, nodeId));
        meters.published(target).increment();
        if (reached == 0) {
            meters.undeliverable(target).increment();
            log.debug("route {} ({}): no line, counted undeliverable", target.describe(), message);
        } else {
            log.debug("route {} ({}): {} line(s)", target.describe(), message, reached);
        }
        return reached;
    }

    /** Delivers an envelope to this node's lines; the broker calls it for every node. */
    int deliverLocal(Envelope envelope) {
        Target target = envelope.target();
        Message message = envelope.message();
        int reached;
        if (target instanceof Target.Device device) {
            reached = deliverTo(routeByDevice.get(device.deviceId()), message);
        } else if (target instanceof Target.User user) {
            reached = 0;
            for (Line line : byUser.getOrDefault(user.userId(), NO_LINES)) {
                reached += deliverTo(line, message);
            }
        } else if (target instanceof Target.Channel channel) {
            LineGroup group = channels.get(channel.name());
            reached = group == null ? 0 : group.deliver(message);
        } else {
            reached = everyone.deliver(message);
        }
        meters.deliveries.increment(reached);
        return reached;
    }

    public Optional<Line> line(String lineId) {
        return Optional.ofNullable(byId.get(lineId));
    }

    public Optional<Line> lineOfDevice(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId));
    }

    public Collection<Line> lines() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public int lineCount() {
        return byId.size();
    }

    /** Session endpoints routed to (see {@link #openEndpoint}). */
    public int endpointCount() {
        return endpoints.size();
    }

    public int channelCount() {
        return channels.size();
    }

    /** The channels a line has joined (a snapshot). */
    public Set<String> channelsOf(Line line) {
        Set<String> joined = memberships.get(line.endpoint().id());
        return joined == null ? Set.of() : Set.copyOf(joined);
    }

    public int subscriberCount(String channel) {
        LineGroup group = channels.get(channel);
        return group == null ? 0 : group.size();
    }

    /** Closes the line with that id; false when no such line is open here. */
    public boolean disconnect(String lineId, CloseReason reason) {
        Line line = byId.get(lineId);
        if (line == null) {
            return false;
        }
        log.debug("disconnect line {}: {} {}", lineId, reason.code(), reason.text());
        line.close(reason);
        return true;
    }

    /** Closes the device's line; false when the device holds no line here. */
    public boolean disconnectDevice(String deviceId, CloseReason reason) {
        Line line = byDevice.get(deviceId);
        return line != null && disconnect(line.id(), reason);
    }

    @Override
    public void close() {
        subscription.close();
    }

    private int deliverTo(Line line, Message message) {
        if (line == null) {
            return 0;
        }
        line.executor().execute(() -> line.deliver(message));
        return 1;
    }

    private void leaveChannel(String channel, Line line) {
        channels.computeIfPresent(channel, (name, group) -> {
            group.remove(line);
            return group.isEmpty() ? null : group;
        });
    }

    private PresenceRecord presenceOf(Line line) {
        return new PresenceRecord(line.principal().deviceId(), line.principal().userId(), line.id(), nodeId,
                line.connectedAt());
    }

    private static Line[] append(Line[] lines, Line line) {
        if (lines == null) {
            return new Line[] {line};
        }
        Line[] grown = java.util.Arrays.copyOf(lines, lines.length + 1);
        grown[lines.length] = line;
        return grown;
    }

    private static Line[] without(Line[] lines, Line line) {
        int at = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == line) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return lines;
        }
        if (lines.length == 1) {
            return null;
        }
        Line[] shrunk = new Line[lines.length - 1];
        System.arraycopy(lines, 0, shrunk, 0, at);
        System.arraycopy(lines, at + 1, shrunk, at, lines.length - at - 1);
        return shrunk;
    }
}
