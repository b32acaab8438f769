package dev.switchboard.client.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryCodecTest {

    private final BinaryCodec codec = new BinaryCodec(ControlWire.DEFAULT_MAX_PAYLOAD);

    @Test
    void jsonRequestHasTheExactSixteenByteHeader() {
        byte[] frame = codec.encodeRequest(0x01020304L, "system.ping", null, null);

        byte[] payload = "{\"method\":\"system.ping\",\"params\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] expected = concat(new byte[] {
                (byte) 0xB5, 0x42, // magic
                0x01, // version
                0x01, // kind: request
                0x01, 0x02, 0x03, 0x04, // request id
                0x00, 0x00, 0x00, 0x00, // flags: JSON payload
                0x00, 0x00, 0x00, (byte) payload.length}, payload);
        assertThat(frame).isEqualTo(expected);
    }

    @Test
    void rawRequestFollowsTheRawLayout() {
        byte[] raw = {0x00, 0x01, 0x02, (byte) 0xFF, '\n'};
        byte[] frame = codec.encodeRequest(0xFFFFFFFFL, "hub.publish", Map.of("device", "d1"), raw);

        byte[] method = "hub.publish".getBytes(StandardCharsets.UTF_8);
        byte[] params = "{\"device\":\"d1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = concat(new byte[] {0x00, (byte) method.length}, method,
                new byte[] {0x00, 0x00, 0x00, (byte) params.length}, params, raw);
        byte[] expected = concat(new byte[] {
                (byte) 0xB5, 0x42, 0x01, 0x01,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // u32 id, high bit set
                0x00, 0x00, 0x00, 0x01, // flags: raw payload
                0x00, 0x00, 0x00, (byte) payload.length}, payload);
        assertThat(frame).isEqualTo(expected);
    }

    @Test
    void idsAreU32AndSkipZeroWhenTheyWrap() {
        codec.idsContinueAfter(0xFFFF_FFFEL);
        assertThat(codec.nextId()).isEqualTo(0xFFFF_FFFFL);
        assertThat(codec.nextId()).isEqualTo(1L);
        assertThat(codec.nextId()).isEqualTo(2L);
    }

    @Test
    void refusesARequestOverTheLimitBeforeSendingIt() {
        BinaryCodec small = new BinaryCodec(100);
        assertThatThrownBy(() -> small.encodeRequest(1, "hub.publish", Map.of("device", "d"), new byte[200]))
                .isInstanceOfSatisfying(ControlCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ControlWire.PAYLOAD_TOO_LARGE);
                    assertThat(e.getMessage()).contains("the limit is 100").contains("nothing was sent");
                });
        assertThatThrownBy(() -> small.encodeRequest(1, "x", Map.of("data", "y".repeat(200)), null))
                .isInstanceOf(ControlCallException.class);
    }

    @Test
    void paramsThatAreNotJsonFailClearly() {
        Object notJson = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> codec.encodeRequest(1, "x", notJson, null))
                .isInstanceOf(ControlException.class).hasMessageContaining("cannot write the params of x as JSON");
    }

    @Test
    void decodesResponsesErrorsAndEventsAndLeavesAPartialFrame() throws Exception {
        byte[] response = frame(2, 7, 0, "{\"pong\":true}");
        byte[] error = frame(4, 8, 0, "{\"code\":-32601,\"message\":\"no such method\",\"data\":{\"m\":\"x\"}}");
        byte[] event = frame(3, 0, 0, "{\"event\":1}");
        byte[] raw = frame(2, 9, 1, "abc");
        byte[] partial = frame(2, 10, 0, "{\"later\":true}");
        byte[] all = concat(response, error, event, raw, java.util.Arrays.copyOf(partial, 20));
        ByteBuffer in = ByteBuffer.wrap(all);
        Recorder sink = new Recorder();

        codec.decode(in, sink);

        assertThat(sink.seen).containsExactly(
                "result 7 {\"pong\":true}",
                "error 8 -32601 no such method {\"m\":\"x\"}",
                "event {\"event\":1}",
                "result 9 \"YWJj\"");
        assertThat(in.remaining()).isEqualTo(20); // the partial frame stays for the next read

        ByteBuffer rest = ByteBuffer.wrap(partial);
        codec.decode(rest, sink);
        assertThat(sink.seen).last().isEqualTo("result 10 {\"later\":true}");
        assertThat(rest.hasRemaining()).isFalse();
    }

    @Test
    void anErrorFrameWithIdZeroBelongsToNoCall() throws Exception {
        Recorder sink = new Recorder();
        codec.decode(ByteBuffer.wrap(frame(4, 0, 0, "{\"code\":-32600,\"message\":\"bad magic\"}")), sink);
        assertThat(sink.seen).containsExactly("error " + ControlCodec.NO_ID + " -32600 bad magic null");
    }

    @Test
    void rejectsBadMagicVersionKindAndLength() {
        byte[] badMagic = frame(2, 1, 0, "{}");
        badMagic[1] = 0x43;
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(badMagic), new Recorder()))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("magic 0xB543");

        byte[] badVersion = frame(2, 1, 0, "{}");
        badVersion[2] = 2;
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(badVersion), new Recorder()))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("version 2");

        byte[] request = frame(1, 1, 0, "{}");
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(request), new Recorder()))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("kind 1");

        byte[] huge = frame(2, 1, 0, "{}");
        ByteBuffer.wrap(huge).putInt(12, ControlCodec.MAX_INCOMING + 1);
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(huge), new Recorder()))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("client reads at most");

        byte[] notJson = frame(2, 1, 0, "{nope");
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(notJson), new Recorder()))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("not JSON");
    }

    static byte[] frame(int kind, long id, int flags, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(16 + body.length);
        frame.put((byte) 0xB5).put((byte) 0x42).put((byte) 1).put((byte) kind);
        frame.putInt((int) id).putInt(flags).putInt(body.length).put(body);
        return frame.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static final class Recorder implements ReplySink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onResult(long id, JsonNode result) {
            seen.add("result " + id + " " + result);
        }

        @Override
        public void onError(long id, int code, String message, JsonNode data) {
            seen.add("error " + id + " " + code + " " + message + " " + data);
        }

        @Override
        public void onEvent(JsonNode event) {
            seen.add("event " + event);
        }
    }
}
