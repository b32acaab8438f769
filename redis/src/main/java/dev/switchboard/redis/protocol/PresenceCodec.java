package dev.switchboard.redis.protocol;

import dev.switchboard.core.cluster.PresenceRecord;
import java.time.Instant;

/**
 * The value stored under a device's presence key. Deterministic: the same record always encodes to the same
 * bytes, which is what lets the Lua scripts compare a holder byte for byte ("release only if this line still
 * holds it") without decoding.
 *
 * <pre>1 | deviceId str | userId str | lineId str | nodeId str | since seconds i64 | since nanos i32</pre>
 */
public final class PresenceCodec {

    private PresenceCodec() {
    }

    public static byte[] encode(PresenceRecord record) {
        return new WireWriter(96).u8(FrameCodec.VERSION).text(record.deviceId()).text(record.userId())
                .text(record.lineId()).text(record.nodeId()).i64(record.since().getEpochSecond())
                .i32(record.since().getNano()).toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a presence value of this version */
    public static PresenceRecord decode(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        int version = in.u8();
        if (version != FrameCodec.VERSION) {
            throw new IllegalArgumentException("unsupported presence version " + version);
        }
        PresenceRecord record = new PresenceRecord(in.text(), in.text(), in.text(), in.text(),
                Instant.ofEpochSecond(in.i64(), in.i32()));
        in.end();
        return record;
    }
}
