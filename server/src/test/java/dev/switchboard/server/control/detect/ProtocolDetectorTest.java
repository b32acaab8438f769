package dev.switchboard.server.control.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Detection from the first bytes, on an in-memory channel, with a switch that records what it was handed. */
class ProtocolDetectorTest {

    private static final Duration SILENCE = Duration.ofSeconds(5);

    /** Stands in for a protocol's handlers: collects every byte that reaches it. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteBuf received = Unpooled.buffer();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received.writeBytes(buf);
            buf.release();
        }
    }

    private final List<ControlProtocol> installed = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();
    private final Collector collector = new Collector();
    private final ProtocolSwitch recorder = new ProtocolSwitch() {
        @Override
        public void install(ChannelPipeline pipeline, ControlProtocol protocol) {
            installed.add(protocol);
            pipeline.addLast("collector", collector);
        }

        @Override
        public void rejected(ChannelPipeline pipeline, String reason) {
            rejections.add(reason);
        }
    };
    private final EmbeddedChannel channel = new EmbeddedChannel(new ProtocolDetector(recorder, SILENCE, 64));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
        collector.received.release();
    }

    private void feed(byte... bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private void feed(String text) {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode errorLine() throws Exception {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("an error line was written").isNotNull();
        String line = out.toString(StandardCharsets.UTF_8);
        out.release();
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        return new ObjectMapper().readTree(line);
    }

    @Test
    void jsonFedOneByteAtATimeIsDetectedAtTheBraceAndNothingIsConsumed() {
        String request = "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}\n";
        for (byte b : request.getBytes(StandardCharsets.UTF_8)) {
            feed(b);
        }
        assertThat(installed).containsExactly(ControlProtocol.JSONRPC);
        assertThat(collector.received.toString(StandardCharsets.UTF_8)).isEqualTo(request);
        assertThat(channel.pipeline().get(ProtocolDetector.class)).isNull();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBatchIsJsonToo() {
        feed("[{\"jsonrpc\":\"2.0\"}]\n");
        assertThat(installed).containsExactly(ControlProtocol.JSONRPC);
    }

    @Test
    void leadingBlanksAndNewlinesWaitThenJsonIsDetectedWithTheBlanksPassedOn() {
        feed(" \r\n\t");
        assertThat(installed).isEmpty();
        assertThat(channel.pipeline().get(ProtocolDetector.class)).isNotNull();
        assertThat(channel.<Object>readOutbound()).isNull();
        feed("\n  {\"a\":1}\n");
        assertThat(installed).containsExactly(ControlProtocol.JSONRPC);
        assertThat(collector.received.toString(StandardCharsets.UTF_8)).isEqualTo(" \r\n\t\n  {\"a\":1}\n");
    }

    @Test
    void binaryHeaderSplitAcrossReadsIsDetectedFromItsFirstByteAndPassedOnWhole() {
        byte[] header = {(byte) 0xB5, 0x42, 1, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0};
        feed(header[0]);
        assertThat(installed).containsExactly(ControlProtocol.BINARY);
        feed(java.util.Arrays.copyOfRange(header, 1, 9));
        feed(java.util.Arrays.copyOfRange(header, 9, 16));
        byte[] received = new byte[collector.received.readableBytes()];
        collector.received.getBytes(0, received);
        assertThat(received).isEqualTo(header);
        assertThat(channel.pipeline().get(ProtocolDetector.class)).isNull();
    }

    @Test
    void httpGetsOneReadableErrorLineAndIsClosed() throws Exception {
        feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        JsonNode error = errorLine();
        assertThat(error.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(error.at("/error/message").asText())
                .startsWith("unrecognised protocol: got \"GET / HT\"")
                .contains("looks like HTTP")
                .contains("JSON-RPC 2.0")
                .contains("0xB5");
        assertThat(channel.isOpen()).isFalse();
        assertThat(installed).isEmpty();
        assertThat(rejections).containsExactly("unrecognised");
    }

    @Test
    void tlsGetsTheErrorLineWithHexBytesAndIsClosed() throws Exception {
        feed((byte) 0x16, (byte) 0x03, (byte) 0x01, (byte) 0x02, (byte) 0x00, (byte) 0x01);
        JsonNode error = errorLine();
        assertThat(error.at("/error/message").asText())
                .startsWith("unrecognised protocol: got bytes 16 03 01 02 00 01")
                .contains("looks like TLS");
        assertThat(channel.isOpen()).isFalse();
        assertThat(installed).isEmpty();
    }

    @Test
    void garbageIsRefusedAndLaterBytesAreIgnored() throws Exception {
        feed("hello world\n");
        assertThat(errorLine().at("/error/message").asText()).startsWith("unrecognised protocol: got \"hello wo\";");
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    @Test
    void blanksThenBinaryMagicIsNotBinary() throws Exception {
        feed((byte) ' ', (byte) 0xB5, (byte) 0x42);
        assertThat(errorLine().at("/error/message").asText()).startsWith("unrecognised protocol: got bytes B5 42");
        assertThat(installed).isEmpty();
    }

    @Test
    void tooManyBlanksAreRefused() throws Exception {
        feed(" ".repeat(65));
        assertThat(errorLine().at("/error/message").asText()).contains("only blanks (65 bytes)");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheTimeout() throws Exception {
        // The embedded clock runs with real time unless frozen; the margins cover the moments before the freeze.
        channel.freezeTime();
        channel.advanceTimeBy(SILENCE.toMillis() - 100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(errorLine().at("/error/message").asText()).startsWith("nothing recognisable received within 5 s");
        assertThat(rejections).containsExactly("silence");
    }

    @Test
    void blanksDoNotResetTheSilenceTimer() {
        channel.freezeTime();
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        feed("\n");
        channel.advanceTimeBy(1100, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aDetectedConnectionIsNotClosedBySilenceLater() {
        feed("{");
        channel.advanceTimeBy(1, TimeUnit.HOURS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.<Object>readOutbound()).isNull();
    }
}
