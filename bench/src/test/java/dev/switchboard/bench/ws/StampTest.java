package dev.switchboard.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampTest {

    @Test
    void messageHasTheRequestedSizeWhateverTheStampsWidth() {
        assertThat(Stamp.message(123L, 128)).hasSize(128);
        assertThat(Stamp.message(Long.MAX_VALUE, 128)).hasSize(128);
        assertThat(Stamp.message(7L, 64)).hasSize(64);
    }

    @Test
    void tooSmallASizeStillCarriesTheWholeStamp() {
        String message = Stamp.message(1234567890123L, 1);
        assertThat(Stamp.find(message)).isEqualTo(1234567890123L);
    }

    @Test
    void stampIsFoundInsideEveryServersEnvelope() {
        String message = Stamp.message(987654321L, 100);
        assertThat(Stamp.find(message)).isEqualTo(987654321L);
        assertThat(Stamp.find("{\"type\":\"message\",\"seq\":42,\"channel\":\"bench\",\"data\":" + message + "}"))
                .as("Switchboard's delivery; \"type\" must not be taken for \"t\"").isEqualTo(987654321L);
        assertThat(Stamp.find(EngineIo.event("msg", message))).isEqualTo(987654321L);
    }

    @Test
    void stampIsReadFromABufferWithoutConsumingIt() {
        ByteBuf buf = Unpooled.copiedBuffer("xx{\"t\":555,\"p\":\"\"}", StandardCharsets.UTF_8);
        buf.readerIndex(2);
        assertThat(Stamp.find(buf)).isEqualTo(555);
        assertThat(buf.readerIndex()).isEqualTo(2);
        buf.release();
    }

    @Test
    void framesWithoutAStampAreMinusOne() {
        assertThat(Stamp.find("{\"type\":\"subscribed\",\"channel\":\"bench\"}")).isEqualTo(-1);
        assertThat(Stamp.find("{\"t\":\"not a number\"}")).isEqualTo(-1);
        assertThat(Stamp.find("2")).isEqualTo(-1);
        ByteBuf buf = Unpooled.copiedBuffer("{\"t\":", StandardCharsets.UTF_8);
        assertThat(Stamp.find(buf)).isEqualTo(-1);
        buf.release();
    }
}
