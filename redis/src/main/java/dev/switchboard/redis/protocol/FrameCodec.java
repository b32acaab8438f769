package dev.switchboard.redis.protocol;

import dev.switchboard.core.cluster.Envelope;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;

/**
 * Encodes {@link ClusterFrame}s as compact, binary-safe byte arrays: a version byte, a type byte, then
 * big-endian fixed-width numbers and length-prefixed byte strings. A message body travels byte for byte
 * (never re-encoded as text), so binary publishes and JSON with any Unicode arrive exactly as sent.
 *
 * <pre>
 * Publish: 1 | 1 | publishId i64 | ackWanted u8 | origin str | targetKind u8 | [target str] | kind u8 | body bytes
 * Ack:     1 | 2 | publishId i64 | node str | delivered i32
 * Evict:   1 | 3 | presence (see PresenceCodec)
 * Close:   1 | 4 | lineId str | code i32 | text str
 * </pre>
 */
public final class FrameCodec {

    public static final int VERSION = 1;
    private static final int PUBLISH = 1;
    private static final int ACK = 2;
    private static final int EVICT = 3;
    private static final int CLOSE = 4;

    private static final int DEVICE = 0;
    private static final int USER = 1;
    private static final int CHANNEL = 2;
    private static final int BROADCAST = 3;

    private FrameCodec() {
    }

    public static byte[] encode(ClusterFrame frame) {
        if (frame instanceof ClusterFrame.Publish publish) {
            Envelope envelope = publish.envelope();
            Message message = envelope.message();
            WireWriter out = new WireWriter(message.size() + 64).u8(VERSION).u8(PUBLISH)
                    .i64(publish.publishId()).u8(publish.ackWanted() ? 1 : 0).text(envelope.originNode());
            Target target = envelope.target();
            if (target instanceof Target.Device device) {
                out.u8(DEVICE).text(device.deviceId());
            } else if (target instanceof Target.User user) {
                out.u8(USER).text(user.userId());
            } else if (target instanceof Target.Channel channel) {
                out.u8(CHANNEL).text(channel.name());
            } else {
                out.u8(BROADCAST);
            }
            return out.u8(message.kind().ordinal()).bytes(message.body()).toByteArray();
        }
        if (frame instanceof ClusterFrame.Ack ack) {
            return new WireWriter(32).u8(VERSION).u8(ACK).i64(ack.publishId()).text(ack.node()).i32(ack.delivered())
                    .toByteArray();
        }
        if (frame instanceof ClusterFrame.Close close) {
            return new WireWriter(64).u8(VERSION).u8(CLOSE).text(close.lineId()).i32(close.code()).text(close.text())
                    .toByteArray();
        }
        ClusterFrame.Evict evict = (ClusterFrame.Evict) frame;
        return new WireWriter(96).u8(VERSION).u8(EVICT).bytes(PresenceCodec.encode(evict.lost())).toByteArray();
    }

    /**
     * Decodes one frame.
     *
     * @throws IllegalArgumentException naming what is wrong: unknown version or type, truncation, bad UTF-8,
     *     an invalid target, trailing bytes
     */
    public static ClusterFrame decode(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported frame version " + version + " (this node speaks "
                    + VERSION + ")");
        }
        int type = in.u8();
        ClusterFrame frame = switch (type) {
            case PUBLISH -> {
                long id = in.i64();
                boolean ackWanted = in.u8() != 0;
                String origin = in.text();
                Target target = switch (in.u8()) {
                    case DEVICE -> Target.device(in.text());
                    case USER -> Target.user(in.text());
                    case CHANNEL -> Target.channel(in.text());
                    case BROADCAST -> Target.broadcast();
                    default -> throw new IllegalArgumentException("unknown target kind");
                };
                int kind = in.u8();
                if (kind >= Message.Kind.values().length) {
                    throw new IllegalArgumentException("unknown message kind " + kind);
                }
                byte[] body = in.bytes();
                Message message = switch (Message.Kind.values()[kind]) {
                    case JSON -> Message.json(body);
                    case BINARY -> Message.binary(body);
                    case FRAME -> Message.frame(body);
                };
                yield new ClusterFrame.Publish(id, ackWanted, new Envelope(target, message, origin));
            }
            case ACK -> new ClusterFrame.Ack(in.i64(), in.text(), in.i32());
            case EVICT -> new ClusterFrame.Evict(PresenceCodec.decode(in.bytes()));
            case CLOSE -> new ClusterFrame.Close(in.text(), in.i32(), in.text());
            default -> throw new IllegalArgumentException("unknown frame type " + type);
        };
        in.end();
        return frame;
    }
}
