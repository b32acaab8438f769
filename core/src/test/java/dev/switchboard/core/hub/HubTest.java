package dev.switchboard.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class HubTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryPresenceStore presence = new MemoryPresenceStore();
    private final Hub hub = new Hub("n1", HubSettings.DEFAULT, presence, new MemoryBroker(), registry);

    private RecordingLine connect(String user, String device) {
        RecordingLine line = new RecordingLine(user, device);
        assertThat(hub.admit(line).admitted()).isTrue();
        hub.open(line);
        return line;
    }

    @Test
    void deviceTargetReachesOnlyThatDevice() {
        RecordingLine a = connect("u1", "a");
        RecordingLine b = connect("u1", "b");
        RecordingLine c = connect("u2", "c");

        int delivered = hub.publish(Target.device("b"), Message.json("1"));

        assertThat(delivered).isEqualTo(1);
        assertThat(b.received).hasSize(1);
        assertThat(a.received).isEmpty();
        assertThat(c.received).isEmpty();
    }

    @Test
    void userTargetReachesEveryDeviceOfThatUser() {
        RecordingLine a = connect("u1", "a");
        RecordingLine b = connect("u1", "b");
        RecordingLine c = connect("u2", "c");

        assertThat(hub.publish(Target.user("u1"), Message.json("1"))).isEqualTo(2);

        assertThat(a.received).hasSize(1);
        assertThat(b.received).hasSize(1);
        assertThat(c.received).isEmpty();
    }

    @Test
    void channelReachesSubscribersUntilTheyLeave() {
        RecordingLine a = connect("u1", "a");
        RecordingLine b = connect("u2", "b");
        assertThat(hub.subscribe(a, "news")).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.subscribe(a, "news")).isEqualTo(SubscribeOutcome.ALREADY_SUBSCRIBED);

        assertThat(hub.publish(Target.channel("news"), Message.json("1"))).isEqualTo(1);
        assertThat(hub.unsubscribe(a, "news")).isEqualTo(SubscribeOutcome.UNSUBSCRIBED);
        assertThat(hub.publish(Target.channel("news"), Message.json("2"))).isZero();

        assertThat(a.received).hasSize(1);
        assertThat(b.received).isEmpty();
        assertThat(hub.channelCount()).as("an empty channel is forgotten").isZero();
    }

    @Test
    void broadcastReachesEveryOpenLine() {
        RecordingLine a = connect("u1", "a");
        RecordingLine b = connect("u2", "b");
        RecordingLine admittedOnly = new RecordingLine("u3", "c");
        hub.admit(admittedOnly);

        assertThat(hub.publish(Target.broadcast(), Message.binary(new byte[] {1}))).isEqualTo(2);

        assertThat(a.received).hasSize(1);
        assertThat(b.received).hasSize(1);
        assertThat(admittedOnly.received).as("not upgraded yet").isEmpty();
    }

    @Test
    void absentDeviceIsCountedUndeliverableAndNotBroadcast() {
        RecordingLine a = connect("u1", "a");

        assertThat(hub.publish(Target.device("ghost"), Message.json("1"))).isZero();

        assertThat(a.received).isEmpty();
        assertThat(registry.get("switchboard.messages.undeliverable").tag("target", "device").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void rejectPolicyRefusesSecondLineOfADevice() {
        RecordingLine first = connect("u1", "a");
        RecordingLine second = new RecordingLine("u1", "a");

        Admission admission = hub.admit(second);

        assertThat(admission.admitted()).isFalse();
        assertThat(admission.conflicting()).get().extracting(r -> r.lineId()).isEqualTo(first.id());
        assertThat(first.closedWith.get()).isNull();
        hub.remove(second);
        assertThat(hub.publish(Target.device("a"), Message.json("1"))).isEqualTo(1);
        assertThat(first.received).hasSize(1);
    }

    @Test
    void replacePolicyClosesOldLineAndKeepsTheNewOneRoutable() {
        Hub replacing = new Hub("n2", new HubSettings(DuplicatePolicy.REPLACE, 8), new MemoryPresenceStore(),
                new MemoryBroker(), registry);
        RecordingLine old = new RecordingLine("u1", "a");
        replacing.admit(old);
        replacing.open(old);
        RecordingLine fresh = new RecordingLine("u1", "a");

        assertThat(replacing.admit(fresh).admitted()).isTrue();
        replacing.open(fresh);
        replacing.remove(old); // the old line's close arrives after the new line opened

        assertThat(old.closedWith.get()).isEqualTo(CloseReason.REPLACED);
        assertThat(replacing.publish(Target.device("a"), Message.json("1"))).isEqualTo(1);
        assertThat(fresh.received).hasSize(1);
        assertThat(old.received).isEmpty();
    }

    @Test
    void replacePolicyClosesAnOldLineStillInItsHandshake() {
        Hub replacing = new Hub("n4", new HubSettings(DuplicatePolicy.REPLACE, 8), new MemoryPresenceStore(),
                new MemoryBroker(), new SimpleMeterRegistry());
        RecordingLine upgrading = new RecordingLine("u1", "a");
        replacing.admit(upgrading); // admitted, upgrade not finished

        replacing.admit(new RecordingLine("u1", "a"));

        assertThat(upgrading.closedWith.get()).isEqualTo(CloseReason.REPLACED);
    }

    @Test
    void closeReasonTextIsCutToWholeCharactersWithinTheFrameLimit() {
        String cjk = "\u5feb".repeat(60); // 3 bytes each in UTF-8
        String cut = CloseReason.DISCONNECTED.withText(cjk).text();

        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isEqualTo(123);
        assertThat(cut).isEqualTo("\u5feb".repeat(41));
        assertThat(CloseReason.DISCONNECTED.withText("maintenance").text()).isEqualTo("maintenance");
    }

    @Test
    void removeForgetsTheLineEverywhere() {
        RecordingLine a = connect("u1", "a");
        hub.subscribe(a, "x");
        hub.subscribe(a, "y");

        hub.remove(a);
        hub.remove(a);

        assertThat(hub.lineCount()).isZero();
        assertThat(hub.channelCount()).isZero();
        assertThat(presence.size()).isZero();
        assertThat(hub.publish(Target.user("u1"), Message.json("1"))).isZero();
        assertThat(hub.subscribe(a, "z")).isEqualTo(SubscribeOutcome.LINE_CLOSED);
        assertThat(hub.admit(new RecordingLine("u1", "a")).admitted()).as("device free again").isTrue();
    }

    @Test
    void channelLimitPerLineIsEnforced() {
        Hub small = new Hub("n3", new HubSettings(DuplicatePolicy.REJECT, 2), new MemoryPresenceStore(),
                new MemoryBroker(), registry);
        RecordingLine a = new RecordingLine("u1", "a");
        small.admit(a);
        small.open(a);

        assertThat(small.subscribe(a, "one")).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(small.subscribe(a, "two")).isEqualTo(SubscribeOutcome.SUBSCRIBED);
        assertThat(small.subscribe(a, "three")).isEqualTo(SubscribeOutcome.TOO_MANY_CHANNELS);
        assertThat(small.subscribe(a, "bad name!")).isEqualTo(SubscribeOutcome.INVALID_CHANNEL);
    }

    @Test
    void twoHubsOnOneBrokerActAsOneCluster() {
        MemoryBroker broker = new MemoryBroker();
        MemoryPresenceStore shared = new MemoryPresenceStore();
        Hub east = new Hub("east", HubSettings.DEFAULT, shared, broker, registry);
        Hub west = new Hub("west", HubSettings.DEFAULT, shared, broker, registry);
        RecordingLine onEast = new RecordingLine("u1", "a");
        east.admit(onEast);
        east.open(onEast);

        assertThat(west.publish(Target.device("a"), Message.json("1"))).isEqualTo(1);
        assertThat(onEast.received).hasSize(1);
        assertThat(west.admit(new RecordingLine("u1", "a")).admitted())
                .as("one line per device holds across nodes").isFalse();
    }
}
