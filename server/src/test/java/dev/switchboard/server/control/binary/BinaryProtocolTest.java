package dev.switchboard.server.control.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.control.ControlWire;
import dev.switchboard.core.hub.Message;
import dev.switchboard.server.control.TestHub;
import dev.switchboard.core.hub.RecordingLine;
import dev.switchboard.server.control.method.CallDispatcher;
import dev.switchboard.server.control.method.NoParams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binary protocol's decoder, handler and encoder on an in-memory channel. */
class BinaryProtocolTest {

    private static final int MAX_PAYLOAD = 4096;

    private final TestHub testHub = new TestHub(new SimpleMeterRegistry());
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new BinaryFrameEncoder(MAX_PAYLOAD),
            new BinaryFrameDecoder(MAX_PAYLOAD),
            new BinaryRequestHandler(new CallDispatcher(testHub.methods, new SimpleMeterRegistry()), null));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private void send(byte[]... parts) {
        for (byte[] part : parts) {
            channel.writeInbound(Unpooled.wrappedBuffer(part));
        }
    }

    /** Every frame written so far, checking each written buffer holds exactly one whole frame. */
    private List<Frames.Frame> frames() {
        List<Frames.Frame> frames = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            ByteBuffer bytes = ByteBuffer.wrap(readAll(out));
            Frames.Frame frame = Frames.read(bytes);
            assertThat(frame).as("a whole frame per buffer").isNotNull();
            assertThat(bytes.remaining()).as("one frame per buffer").isZero();
            frames.add(frame);
        }
        return frames;
    }

    private static byte[] readAll(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWithTheirIds() {
        send(concat(Frames.request(7, "system.ping", null), Frames.request(-1, "system.info", "{}"),
                Frames.request(0x7FFFFFFF, "system.nope", null)));
        List<Frames.Frame> frames = frames();
        assertThat(frames).extracting(Frames.Frame::requestId).containsExactly(7, -1, 0x7FFFFFFF);
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.magic()).isEqualTo(0xB542);
            assertThat(f.version()).isEqualTo(1);
            assertThat(f.flags()).isZero();
        });
        assertThat(frames.get(0).kind()).isEqualTo(ControlWire.KIND_RESPONSE);
        assertThat(frames.get(0).json().get("pong").asBoolean()).isTrue();
        assertThat(frames.get(1).json().get("node").asText()).isEqualTo("node-test");
        assertThat(frames.get(2).kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(frames.get(2).json().get("code").asInt()).isEqualTo(-32601);
        assertThat(frames.get(2).json().get("message").asText()).contains("system.nope");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aFrameSplitAnywhereIsReassembled() {
        byte[] request = Frames.request(42, "system.ping", "{}");
        for (int split = 1; split < request.length; split++) {
            send(Arrays.copyOfRange(request, 0, split));
            assertThat(channel.<Object>readOutbound()).isNull();
            send(Arrays.copyOfRange(request, split, request.length));
            List<Frames.Frame> frames = frames();
            assertThat(frames).as("split at " + split).hasSize(1);
            assertThat(frames.get(0).requestId()).isEqualTo(42);
        }
    }

    @Test
    void rawPayloadPublishReachesTheHubByteForByte() {
        RecordingLine phone = testHub.open("c-1", "alice", "phone", Instant.now());
        byte[] raw = new byte[300];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        send(Frames.rawRequest(5, "hub.publish", "{\"device\":\"phone\"}", raw));
        Frames.Frame reply = frames().get(0);
        assertThat(reply.kind()).isEqualTo(ControlWire.KIND_RESPONSE);
        assertThat(reply.requestId()).isEqualTo(5);
        assertThat(reply.json().get("delivered").asInt()).isEqualTo(1);
        assertThat(phone.received).hasSize(1);
        assertThat(phone.received.get(0).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(phone.received.get(0).body()).isEqualTo(raw);
    }

    @Test
    void rawPayloadWithoutParamsOrBytesAndJsonPublishWork() {
        RecordingLine phone = testHub.open("c-1", "alice", "phone", Instant.now());
        send(Frames.rawRequest(1, "system.ping", null, new byte[0]));
        assertThat(frames().get(0).json().get("pong").asBoolean()).isTrue();
        send(Frames.request(2, "hub.publish", "{\"device\":\"phone\",\"data\":[1,2]}"));
        assertThat(frames().get(0).json().get("delivered").asInt()).isEqualTo(1);
        assertThat(new String(phone.received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
    }

    @Test
    void rawBytesForAMethodThatTakesNoneAreRefused() {
        send(Frames.rawRequest(3, "system.ping", null, new byte[] {1}));
        Frames.Frame reply = frames().get(0);
        assertThat(reply.kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(reply.json().get("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void badRawLayoutIsAnsweredAndTheConnectionGoesOn() {
        byte[] payload = {0, 50, 'x'};
        send(Frames.frame(ControlWire.KIND_REQUEST, 9, ControlWire.FLAG_RAW, payload),
                Frames.request(10, "system.ping", null));
        List<Frames.Frame> frames = frames();
        assertThat(frames.get(0).requestId()).isEqualTo(9);
        assertThat(frames.get(0).json().get("code").asInt()).isEqualTo(-32600);
        assertThat(frames.get(0).json().get("message").asText()).contains("method length says 50 bytes");
        assertThat(frames.get(1).kind()).isEqualTo(ControlWire.KIND_RESPONSE);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void badJsonPayloadsAreAnsweredAndTheConnectionGoesOn() {
        send(Frames.frame(ControlWire.KIND_REQUEST, 1, 0, "{nope".getBytes(StandardCharsets.UTF_8)),
                Frames.frame(ControlWire.KIND_REQUEST, 2, 0, "[1]".getBytes(StandardCharsets.UTF_8)),
                Frames.request(3, "system.ping", "{}"),
                Frames.frame(ControlWire.KIND_REQUEST, 4, 0,
                        "{\"method\":\"system.ping\",\"param\":{}}".getBytes(StandardCharsets.UTF_8)),
                Frames.frame(ControlWire.KIND_REQUEST, 5, 2, "{\"method\":\"system.ping\"}".getBytes(StandardCharsets.UTF_8)),
                Frames.request(6, "system.ping", "{\"x\":1}"));
        List<Frames.Frame> frames = frames();
        assertThat(frames).extracting(Frames.Frame::requestId).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(frames.get(0).json().get("code").asInt()).isEqualTo(-32700);
        assertThat(frames.get(1).json().get("code").asInt()).isEqualTo(-32600);
        assertThat(frames.get(2).kind()).isEqualTo(ControlWire.KIND_RESPONSE);
        assertThat(frames.get(3).json().get("message").asText()).contains("unknown member 'param'");
        assertThat(frames.get(4).json().get("message").asText()).contains("unknown flags 0x00000002");
        assertThat(frames.get(5).json().get("code").asInt()).isEqualTo(-32602);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aFrameOfAnotherKindIsSkippedWithAnError() {
        send(Frames.frame(ControlWire.KIND_RESPONSE, 11, 0, "{}".getBytes(StandardCharsets.UTF_8)),
                Frames.request(12, "system.ping", null));
        List<Frames.Frame> frames = frames();
        assertThat(frames.get(0).requestId()).isEqualTo(11);
        assertThat(frames.get(0).kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(frames.get(0).json().get("message").asText()).contains("kind 2 is not a request");
        assertThat(frames.get(1).requestId()).isEqualTo(12);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void badMagicGetsAnErrorFrameAfterEarlierRepliesThenClose() {
        byte[] bad = Frames.header(0xB543, 1, 1, 77, 0, 0);
        send(concat(Frames.request(1, "system.ping", null), bad, Frames.request(2, "system.ping", null)));
        List<Frames.Frame> frames = frames();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).requestId()).isEqualTo(1);
        assertThat(frames.get(1).kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(frames.get(1).requestId()).isEqualTo(77);
        assertThat(frames.get(1).json().get("code").asInt()).isEqualTo(-32600);
        assertThat(frames.get(1).json().get("message").asText()).contains("bad magic 0xB543");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void badMagicWithTooFewBytesForAnIdUsesZero() {
        send(new byte[] {(byte) 0xB5, 0x00});
        Frames.Frame frame = frames().get(0);
        assertThat(frame.requestId()).isZero();
        assertThat(frame.kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unknownVersionGetsAnErrorFrameThenClose() {
        send(Frames.header(ControlWire.MAGIC, 2, 1, 5, 0, 0));
        Frames.Frame frame = frames().get(0);
        assertThat(frame.requestId()).isEqualTo(5);
        assertThat(frame.json().get("message").asText()).contains("unsupported protocol version 2");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void overSizeLengthGetsAnErrorFrameAtOnceThenClose() {
        send(Frames.header(ControlWire.MAGIC, 1, 1, 6, 0, 0xFFFFFFFFL));
        Frames.Frame frame = frames().get(0);
        assertThat(frame.requestId()).isEqualTo(6);
        assertThat(frame.json().get("code").asInt()).isEqualTo(-32003);
        assertThat(frame.json().get("message").asText()).contains("4294967295").contains(String.valueOf(MAX_PAYLOAD));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aPayloadOfExactlyTheLimitIsAccepted() {
        String padding = " ".repeat(MAX_PAYLOAD - "{\"method\":\"system.ping\"}".length());
        byte[] payload = ("{\"method\":\"system.ping\"}" + padding).getBytes(StandardCharsets.UTF_8);
        assertThat(payload).hasSize(MAX_PAYLOAD);
        send(Frames.frame(ControlWire.KIND_REQUEST, 8, 0, payload));
        assertThat(frames().get(0).kind()).isEqualTo(ControlWire.KIND_RESPONSE);
    }

    @Test
    void aResultOverTheFrameLimitIsReplacedByAnError() {
        testHub.methods.register("test.big", NoParams.class, "{}", "big", (p, ctx) -> "x".repeat(MAX_PAYLOAD));
        testHub.methods.register("test.odd", NoParams.class, "{}", "unserialisable", (p, ctx) -> Map.of("o", new Object()));
        send(Frames.request(1, "test.big", null), Frames.request(2, "test.odd", null));
        List<Frames.Frame> frames = frames();
        assertThat(frames.get(0).kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(frames.get(0).json().get("code").asInt()).isEqualTo(-32003);
        assertThat(frames.get(1).kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(frames.get(1).json().get("code").asInt()).isEqualTo(-32603);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void allPayloadSlicesAreReleased() {
        ByteBuf in = Unpooled.wrappedBuffer(concat(Frames.request(1, "system.ping", null),
                Frames.rawRequest(2, "system.nope", "{}", new byte[] {1, 2}),
                Frames.frame(ControlWire.KIND_REQUEST, 3, 0, "{x".getBytes(StandardCharsets.UTF_8))));
        channel.writeInbound(in);
        assertThat(frames()).hasSize(3);
        assertThat(in.refCnt()).isZero();
    }
}
