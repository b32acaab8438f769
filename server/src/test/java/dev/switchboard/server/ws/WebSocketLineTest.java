package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPairingStore;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.core.pairing.PairingSettings;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.DuplicatePolicy;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.identity.Principal;
import dev.switchboard.server.metrics.GatewayMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The line and the client message dispatcher on an in-memory channel. */
class WebSocketLineTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMeters meters = new GatewayMeters(registry);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final WebSocketLine line = new WebSocketLine("c-1", "s-1", Principal.device("alice", "phone", null, null),
            channel, Instant.now(), meters, 1 << 20);
    private final Hub hub = new Hub("n", new HubSettings(DuplicatePolicy.REJECT, 2), new MemoryPresenceStore(),
            new MemoryBroker(), registry);
    private final ObjectMapper json = new ObjectMapper();
    private final PairingFrames pairingFrames = new PairingFrames(json);
    private final PairingService pairing = new PairingService("n", PairingSettings.DEFAULT, new MemoryPairingStore(),
            hub, pairingFrames, java.time.Clock.systemUTC(), registry);
    private final ClientMessageDispatcher dispatcher = new ClientMessageDispatcher(hub, json, new ServerFrames(json),
            pairing, pairingFrames);

    @AfterEach
    void release() {
        pairing.close();
        channel.finishAndReleaseAll();
    }

    /** The payload of the next frame written, skipping its 2..10-byte header. */
    private String nextTextPayload() {
        ByteBuf frame = channel.readOutbound();
        int lengthByte = frame.getByte(1) & 0x7F;
        int header = lengthByte < 126 ? 2 : lengthByte == 126 ? 4 : 10;
        String text = frame.toString(header, frame.readableBytes() - header, StandardCharsets.UTF_8);
        frame.release();
        return text;
    }

    @Test
    void nothingIsDeliveredBeforeTheUpgradeCompletes() {
        assertThat(line.deliver(Message.json("1"))).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void deliveriesCarryIncreasingSequenceNumbersAndAreCounted() {
        line.markUpgraded();
        assertThat(line.deliver(Message.json("\"a\""))).isTrue();
        assertThat(line.deliver(Message.json("\"b\""))).isTrue();

        assertThat(nextTextPayload()).isEqualTo("{\"type\":\"message\",\"seq\":1,\"data\":\"a\"}");
        assertThat(nextTextPayload()).isEqualTo("{\"type\":\"message\",\"seq\":2,\"data\":\"b\"}");
        assertThat(line.stats().messagesOut()).isEqualTo(2);
        assertThat(line.stats().bytesOut()).isEqualTo(6);
        assertThat(meters.messagesOut.count()).isEqualTo(2.0);
    }

    @Test
    void closeSendsTheReasonCodeOnceAndStopsDeliveries() {
        line.markUpgraded();
        line.close(CloseReason.DISCONNECTED.withText("bye"));
        line.close(CloseReason.GOING_AWAY);

        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(4500);
        assertThat(close.reasonText()).isEqualTo("bye");
        close.release();
        assertThat(line.closeReason().code()).isEqualTo(4500);
        assertThat(line.deliver(Message.json("1"))).isFalse();
    }

    @Test
    void dispatcherAnswersEveryMessageTypeAndNamesEveryError() {
        line.markUpgraded();
        hub.admit(line);
        hub.open(line);

        assertThat(dispatcher.dispatch(line, "{\"type\":\"subscribe\",\"channel\":\"a\",\"id\":7}").toString())
                .isEqualTo("{\"type\":\"subscribed\",\"id\":7,\"channel\":\"a\"}");
        assertThat(hub.subscriberCount("a")).isEqualTo(1);
        assertThat(dispatcher.dispatch(line, "{\"type\":\"subscribe\",\"channel\":\"b\"}").get("type").asText())
                .isEqualTo("subscribed");
        assertThat(code("{\"type\":\"subscribe\",\"channel\":\"c\"}")).isEqualTo("too_many_channels");
        assertThat(code("{\"type\":\"unsubscribe\",\"channel\":\"zzz\"}")).isEqualTo("not_subscribed");
        assertThat(code("{\"type\":\"subscribe\"}")).isEqualTo("invalid_channel");
        assertThat(code("{\"type\":\"subscribe\",\"channel\":\"" + "x".repeat(129) + "\"}")).isEqualTo("invalid_channel");
        assertThat(code("{\"channel\":\"a\"}")).isEqualTo("bad_message");
        assertThat(code("[1,2]")).isEqualTo("bad_message");
        assertThat(code("{\"type\":")).isEqualTo("bad_json");
        assertThat(code("{\"type\":\"fly\"}")).isEqualTo("unknown_type");
        assertThat(dispatcher.dispatch(line, "{\"type\":\"ping\",\"id\":\"x\"}").toString())
                .isEqualTo("{\"type\":\"pong\",\"id\":\"x\"}");
    }

    private String code(String frame) {
        var reply = dispatcher.dispatch(line, frame);
        assertThat(reply.get("type").asText()).isEqualTo("error");
        assertThat(reply.get("message").asText()).isNotBlank();
        return reply.get("code").asText();
    }
}
