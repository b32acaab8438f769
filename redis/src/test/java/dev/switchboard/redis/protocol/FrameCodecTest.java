package dev.switchboard.redis.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.cluster.Envelope;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void everyTargetAndKindRoundTripsByteForByte() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        List<Envelope> envelopes = List.of(
                new Envelope(Target.device("phone-ü"), Message.binary(allBytes), "node-a"),
                new Envelope(Target.user("alice"), Message.json("{\"emoji\":\"🙂\"}"), "node-a"),
                new Envelope(Target.channel("room.1"), Message.frame("{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8)), "n"),
                new Envelope(Target.broadcast(), Message.json(new byte[0]), "n"));
        for (Envelope envelope : envelopes) {
            byte[] wire = FrameCodec.encode(new ClusterFrame.Publish(42, true, envelope));
            ClusterFrame.Publish back = (ClusterFrame.Publish) FrameCodec.decode(wire);

            assertThat(back.publishId()).isEqualTo(42);
            assertThat(back.ackWanted()).isTrue();
            assertThat(back.envelope().target()).isEqualTo(envelope.target());
            assertThat(back.envelope().originNode()).isEqualTo(envelope.originNode());
            assertThat(back.envelope().message().kind()).isEqualTo(envelope.message().kind());
            assertThat(back.envelope().message().body()).isEqualTo(envelope.message().body());
        }
    }

    @Test
    void aPublishCostsItsBodyPlusAFewBytes() {
        byte[] body = new byte[1000];
        byte[] wire = FrameCodec.encode(new ClusterFrame.Publish(1, false,
                new Envelope(Target.device("d1"), Message.binary(body), "node-1")));

        assertThat(wire.length).isLessThan(body.length + 40);
    }

    @Test
    void acksAndEvictionsRoundTrip() {
        ClusterFrame.Ack ack = new ClusterFrame.Ack(Long.MAX_VALUE, "node-b", 7);
        PresenceRecord record = new PresenceRecord("d", "u", "line-1", "node-a", Instant.ofEpochSecond(1, 123_456_789));
        ClusterFrame.Evict evict = new ClusterFrame.Evict(record);

        assertThat(FrameCodec.decode(FrameCodec.encode(ack))).isEqualTo(ack);
        assertThat(FrameCodec.decode(FrameCodec.encode(evict))).isEqualTo(evict);
        ClusterFrame.Close close = new ClusterFrame.Close("c-x-1", 4500, "disconnected by operator: abuse ü");
        assertThat(FrameCodec.decode(FrameCodec.encode(close))).isEqualTo(close);
        assertThat(PresenceCodec.decode(PresenceCodec.encode(record))).isEqualTo(record);
        assertThat(PresenceCodec.encode(record)).isEqualTo(PresenceCodec.encode(record));
    }

    @Test
    void malformedFramesAreRefusedWithAReason() {
        byte[] good = FrameCodec.encode(new ClusterFrame.Ack(1, "n", 1));

        assertThatThrownBy(() -> FrameCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> FrameCodec.decode(otherVersion)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> FrameCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> FrameCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("trailing");
        byte[] unknownType = good.clone();
        unknownType[1] = 77;
        assertThatThrownBy(() -> FrameCodec.decode(unknownType)).hasMessageContaining("type 77");
        byte[] hugeLength = FrameCodec.encode(new ClusterFrame.Ack(1, "n", 1));
        hugeLength[10] = 0x7f; // the node name's length
        assertThatThrownBy(() -> FrameCodec.decode(hugeLength)).isInstanceOf(IllegalArgumentException.class);
    }
}
