package dev.switchboard.server.control.binary;

import dev.switchboard.client.control.ControlWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into request frames (16-byte header, DESIGN.md "Control socket"). The header is checked
 * as soon as its bytes arrive: a bad magic, an unknown version or a payload length over the limit means the
 * stream can no longer be trusted, so a fatal {@link BinaryFrameError} is emitted and everything after it is
 * ignored. A frame of another kind than request is skipped whole and answered with a non-fatal error.
 */
public final class BinaryFrameDecoder extends ByteToMessageDecoder {

    private final int maxPayload;
    private boolean failed;

    public BinaryFrameDecoder(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        // One frame per call: ByteToMessageDecoder hands each frame on before decoding the next, so an error
        // found here is always answered after the responses of the frames before it.
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 2) {
            return;
        }
        int magic = in.getUnsignedShort(start);
        if (magic != ControlWire.MAGIC) {
            fail(in, out, ControlWire.INVALID_REQUEST, String.format(
                    "bad magic 0x%04X: every frame starts with B5 42 (framing lost, closing)", magic));
            return;
        }
        if (readable < 3) {
            return;
        }
        int version = in.getUnsignedByte(start + 2);
        if (version != ControlWire.VERSION) {
            fail(in, out, ControlWire.INVALID_REQUEST, "unsupported protocol version " + version
                    + "; this daemon speaks version " + ControlWire.VERSION + " (closing)");
            return;
        }
        if (readable < ControlWire.HEADER_LENGTH) {
            return;
        }
        long length = in.getUnsignedInt(start + 12);
        if (length > maxPayload) {
            fail(in, out, ControlWire.PAYLOAD_TOO_LARGE, "payload length " + length + " is over the limit of "
                    + maxPayload + " bytes (closing)");
            return;
        }
        if (readable < ControlWire.HEADER_LENGTH + length) {
            return;
        }
        int kind = in.getUnsignedByte(start + 3);
        int requestId = in.getInt(start + 4);
        int flags = in.getInt(start + 8);
        in.skipBytes(ControlWire.HEADER_LENGTH);
        if (kind != ControlWire.KIND_REQUEST) {
            in.skipBytes((int) length);
            out.add(new BinaryFrameError(requestId, ControlWire.INVALID_REQUEST, "frame kind " + kind
                    + " is not a request (" + ControlWire.KIND_REQUEST + "); the frame was skipped", false));
            return;
        }
        out.add(new BinaryFrame(requestId, flags, in.readRetainedSlice((int) length)));
    }

    private void fail(ByteBuf in, List<Object> out, int code, String message) {
        failed = true;
        int requestId = in.readableBytes() >= 8 ? in.getInt(in.readerIndex() + 4) : 0;
        in.skipBytes(in.readableBytes());
        out.add(new BinaryFrameError(requestId, code, message, true));
    }
}
