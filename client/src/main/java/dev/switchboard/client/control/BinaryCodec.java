package dev.switchboard.client.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The binary control protocol ({@link ControlWire}): a 16-byte big-endian header (magic {@code B5 42},
 * version, kind, u32 request id, u32 flags, u32 payload length) and a payload. A request's payload is JSON
 * {@code {"method":…,"params":…}}, or with {@link ControlWire#FLAG_RAW} the raw layout: u16 method length,
 * method (UTF-8), u32 params length, params JSON, then the raw bytes.
 *
 * <p>Request ids are u32, counting from 1 and wrapping past {@code 0xFFFFFFFF} to 1 again; 0 is never used,
 * so an error frame with id 0 (the daemon could not read a request id) never matches a call.
 */
final class BinaryCodec extends ControlCodec {

    private static final long U32 = 0xFFFF_FFFFL;

    private final AtomicLong ids = new AtomicLong();

    BinaryCodec(int maxPayload) {
        super(maxPayload);
    }

    @Override
    ControlMode mode() {
        return ControlMode.BINARY;
    }

    @Override
    long nextId() {
        while (true) {
            long id = ids.incrementAndGet() & U32;
            if (id != 0) {
                return id;
            }
        }
    }

    /** Tests: make the next id {@code last + 1} (to see the wrap past 0xFFFFFFFF). */
    void idsContinueAfter(long last) {
        ids.set(last);
    }

    @Override
    byte[] encodeRequest(long id, String method, Object params, byte[] raw) {
        if (id <= 0 || id > U32) {
            throw new IllegalArgumentException("binary request ids are u32 and not 0, got " + id);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        for (int i = 0; i < ControlWire.HEADER_LENGTH; i++) {
            out.append(0); // header, filled in below once the payload length is known
        }
        int flags;
        try {
            if (raw == null) {
                flags = 0;
                try (JsonGenerator gen = JSON.getFactory().createGenerator(out)) {
                    gen.writeStartObject();
                    gen.writeStringField("method", method);
                    gen.writeFieldName("params");
                    writeParams(gen, params);
                    gen.writeEndObject();
                }
            } else {
                flags = ControlWire.FLAG_RAW;
                byte[] name = method.getBytes(StandardCharsets.UTF_8);
                if (name.length > 0xFFFF) {
                    throw new ControlException("method name of " + name.length + " bytes does not fit the u16 length");
                }
                byte[] json;
                ByteArrayBuilder paramsOut = new ByteArrayBuilder(64);
                try (JsonGenerator gen = JSON.getFactory().createGenerator(paramsOut)) {
                    writeParams(gen, params);
                }
                json = paramsOut.toByteArray();
                long size = 2L + name.length + 4L + json.length + raw.length;
                if (size > maxPayload) {
                    throw tooLarge(method, size);
                }
                out.appendTwoBytes(name.length);
                out.write(name);
                out.appendFourBytes(json.length);
                out.write(json);
                out.write(raw);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw cannotEncode(method, e);
        }
        byte[] frame = out.toByteArray();
        int payloadLength = frame.length - ControlWire.HEADER_LENGTH;
        if (payloadLength > maxPayload) {
            throw tooLarge(method, payloadLength);
        }
        ByteBuffer header = ByteBuffer.wrap(frame, 0, ControlWire.HEADER_LENGTH);
        header.putShort((short) ControlWire.MAGIC);
        header.put((byte) ControlWire.VERSION);
        header.put((byte) ControlWire.KIND_REQUEST);
        header.putInt((int) id);
        header.putInt(flags);
        header.putInt(payloadLength);
        return frame;
    }

    @Override
    void decode(ByteBuffer in, ReplySink sink) throws ProtocolViolationException {
        while (in.remaining() >= ControlWire.HEADER_LENGTH) {
            int start = in.position();
            int magic = in.getShort(start) & 0xFFFF;
            int version = in.get(start + 2) & 0xFF;
            int kind = in.get(start + 3) & 0xFF;
            long id = in.getInt(start + 4) & U32;
            int flags = in.getInt(start + 8);
            long length = in.getInt(start + 12) & U32;
            if (magic != ControlWire.MAGIC) {
                throw new ProtocolViolationException(String.format(
                        "the daemon sent a frame with magic 0x%04X (expected 0x%04X)", magic, ControlWire.MAGIC));
            }
            if (version != ControlWire.VERSION) {
                throw new ProtocolViolationException("the daemon speaks binary protocol version " + version
                        + "; this client speaks " + ControlWire.VERSION);
            }
            if (length > maxIncoming) {
                throw new ProtocolViolationException("the daemon sent a frame of " + length + " bytes; the client reads at most "
                        + maxIncoming);
            }
            if (in.remaining() < ControlWire.HEADER_LENGTH + length) {
                return;
            }
            int payloadStart = start + ControlWire.HEADER_LENGTH;
            int payloadLength = (int) length;
            in.position(payloadStart + payloadLength);
            boolean raw = (flags & ControlWire.FLAG_RAW) != 0;
            switch (kind) {
                case ControlWire.KIND_RESPONSE:
                    sink.onResult(id, raw ? rawNode(in, payloadStart, payloadLength)
                            : json(in, payloadStart, payloadLength));
                    break;
                case ControlWire.KIND_ERROR: {
                    JsonNode error = json(in, payloadStart, payloadLength);
                    deliverError(sink, id == 0 ? NO_ID : id, error.isObject() ? error : JSON.createObjectNode());
                    break;
                }
                case ControlWire.KIND_EVENT:
                    sink.onEvent(raw ? rawNode(in, payloadStart, payloadLength) : json(in, payloadStart, payloadLength));
                    break;
                default:
                    throw new ProtocolViolationException("the daemon sent a frame of kind " + kind
                            + " (a client expects 2 response, 3 event or 4 error)");
            }
        }
    }

    private static JsonNode json(ByteBuffer in, int offset, int length) throws ProtocolViolationException {
        if (length == 0) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(in.array(), in.arrayOffset() + offset, length);
            return node == null ? NullNode.getInstance() : node;
        } catch (IOException e) {
            throw new ProtocolViolationException("the daemon sent a frame whose payload is not JSON: " + describe(e), e);
        }
    }

    /** A raw answer is handed over as it came, as a {@link BinaryNode}. */
    private static JsonNode rawNode(ByteBuffer in, int offset, int length) {
        byte[] bytes = new byte[length];
        System.arraycopy(in.array(), in.arrayOffset() + offset, bytes, 0, length);
        return BinaryNode.valueOf(bytes);
    }
}
