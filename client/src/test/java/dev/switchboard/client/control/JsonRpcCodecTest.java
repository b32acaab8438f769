package dev.switchboard.client.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRpcCodecTest {

    private final JsonRpcCodec codec = new JsonRpcCodec(ControlWire.DEFAULT_MAX_PAYLOAD);

    @Test
    void encodesOneJsonRpcRequestPerLine() {
        assertThat(codec.nextId()).isEqualTo(1);
        assertThat(codec.nextId()).isEqualTo(2);
        byte[] line = codec.encodeRequest(42, "system.ping", null, null);
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"system.ping\",\"params\":{}}\n");
    }

    @Test
    void newlinesInsideParamsNeverEndTheLine() {
        byte[] line = codec.encodeRequest(1, "hub.publish", Map.of("data", "two\nlines\r\n"), null);
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        assertThat(text).contains("two\\nlines\\r\\n");
    }

    @Test
    void rawPayloadsAreRefused() {
        assertThatThrownBy(() -> codec.encodeRequest(1, "hub.publish", null, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binary protocol");
    }

    @Test
    void refusesALineOverTheLimit() {
        JsonRpcCodec small = new JsonRpcCodec(100);
        assertThatThrownBy(() -> small.encodeRequest(1, "hub.publish", Map.of("data", "x".repeat(100)), null))
                .isInstanceOfSatisfying(ControlCallException.class,
                        e -> assertThat(e.code()).isEqualTo(ControlWire.PAYLOAD_TOO_LARGE));
    }

    @Test
    void decodesResultsErrorsNotificationsAndBatches() throws Exception {
        String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"pong\":true}}\n"
                + "\n"
                + "   \r\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"bad params\",\"data\":[1]}}\r\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"hub.event\",\"params\":{}}\n"
                + "[{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null},{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":7}]\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"someone-else\",\"result\":1}\n";
        BinaryCodecTest.Recorder sink = new BinaryCodecTest.Recorder();
        ByteBuffer in = ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8));

        codec.decode(in, sink);

        assertThat(sink.seen).containsExactly(
                "result 1 {\"pong\":true}",
                "error 2 -32602 bad params [1]",
                "error -1 -32700 parse error null",
                "event {\"jsonrpc\":\"2.0\",\"method\":\"hub.event\",\"params\":{}}",
                "result 3 null",
                "result 4 7");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aLineSplitAcrossReadsIsDecodedOnceComplete() throws Exception {
        byte[] line = "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":\"done\"}\n".getBytes(StandardCharsets.UTF_8);
        BinaryCodecTest.Recorder sink = new BinaryCodecTest.Recorder();
        ByteBuffer buffer = ByteBuffer.allocate(256);
        // Feed it in three pieces the way the reader does: append, flip, decode, compact.
        int[] cuts = {0, 10, 25, line.length};
        for (int i = 0; i < 3; i++) {
            buffer.put(line, cuts[i], cuts[i + 1] - cuts[i]);
            buffer.flip();
            codec.decode(buffer, sink);
            buffer.compact();
            if (i < 2) {
                assertThat(sink.seen).isEmpty();
            }
        }
        assertThat(sink.seen).containsExactly("result 9 \"done\"");
        assertThat(buffer.position()).isZero();
    }

    @Test
    void garbageIsAProtocolViolation() {
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\n".getBytes(StandardCharsets.UTF_8)),
                new BinaryCodecTest.Recorder()))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap("42\n".getBytes(StandardCharsets.UTF_8)),
                new BinaryCodecTest.Recorder()))
                .isInstanceOf(ProtocolViolationException.class);
    }
}
