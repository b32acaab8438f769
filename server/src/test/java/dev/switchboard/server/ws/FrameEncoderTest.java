package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our hand-written frames must be exactly what Netty's own client-side decoder accepts. */
class FrameEncoderTest {

    /** Decodes server frames as a client would (unmasked frames expected). */
    private static Object decode(ByteBuf frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        client.writeInbound(frame);
        Object decoded = client.readInbound();
        client.finishAndReleaseAll();
        return decoded;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void binaryFramesOfEveryLengthClassDecode(int length) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 7);
        Object decoded = decode(FrameEncoder.binary(ByteBufAllocator.DEFAULT, payload));

        assertThat(decoded).isInstanceOf(BinaryWebSocketFrame.class);
        BinaryWebSocketFrame frame = (BinaryWebSocketFrame) decoded;
        assertThat(frame.isFinalFragment()).isTrue();
        byte[] got = new byte[frame.content().readableBytes()];
        frame.content().readBytes(got);
        frame.release();
        assertThat(got).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 100, 12_345, Long.MAX_VALUE})
    void messageFrameCarriesTheSequenceNumberInDecimal(long seq) {
        byte[] data = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
        Object decoded = decode(FrameEncoder.text(ByteBufAllocator.DEFAULT, "{\"seq\":".getBytes(StandardCharsets.US_ASCII),
                seq, ",\"data\":".getBytes(StandardCharsets.US_ASCII), data, (byte) '}'));

        assertThat(decoded).isInstanceOf(TextWebSocketFrame.class);
        TextWebSocketFrame frame = (TextWebSocketFrame) decoded;
        assertThat(frame.text()).isEqualTo("{\"seq\":" + seq + ",\"data\":{\"k\":\"v\"}}");
        frame.release();
    }

    @Test
    void digitsCountsDecimalDigits() {
        assertThat(FrameEncoder.digits(0)).isEqualTo(1);
        assertThat(FrameEncoder.digits(9)).isEqualTo(1);
        assertThat(FrameEncoder.digits(10)).isEqualTo(2);
        assertThat(FrameEncoder.digits(Long.MAX_VALUE)).isEqualTo(19);
    }
}
