package dev.switchboard.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.binary.Frames;
import dev.switchboard.server.control.detect.ControlProtocol;
import dev.switchboard.server.control.method.CallDispatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole control connection on an in-memory channel: detection, the pipeline left afterwards, the metrics, and
 * the TCP listener's first-call rule for both protocols.
 */
class ControlPipelineTest {

    private static final String KEY = "the-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestHub testHub = new TestHub(registry);
    private final ControlConnections connections = new ControlConnections(registry);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connect(String apiKey) {
        ControlInitializer initializer = new ControlInitializer(ControlSettings.DEFAULT,
                new CallDispatcher(testHub.methods, registry), connections, apiKey);
        // Embedded channels share one id unless given their own, and the connection group tells channels by id.
        EmbeddedChannel channel = new EmbeddedChannel(DefaultChannelId.newInstance(), initializer);
        channels.add(channel);
        return channel;
    }

    private static void send(EmbeddedChannel channel, byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private static void sendLine(EmbeddedChannel channel, String line) {
        send(channel, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String output(EmbeddedChannel channel) {
        StringBuilder all = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            all.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return all.toString();
    }

    private static JsonNode reply(EmbeddedChannel channel) throws Exception {
        String text = output(channel);
        assertThat(text).endsWith("\n");
        return JSON.readTree(text);
    }

    private static List<Frames.Frame> frames(EmbeddedChannel channel) {
        List<Frames.Frame> frames = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            out.release();
            frames.add(Frames.read(ByteBuffer.wrap(bytes)));
        }
        return frames;
    }

    private static List<String> handlerNames(EmbeddedChannel channel) {
        List<String> names = new ArrayList<>(channel.pipeline().names());
        names.removeIf(name -> name.startsWith("DefaultChannelPipeline$TailContext"));
        return names;
    }

    @Test
    void beforeDetectionThePipelineHoldsOnlyTheDetector() {
        assertThat(handlerNames(connect(null))).containsExactly(ControlInitializer.DETECTOR);
    }

    @Test
    void afterJsonDetectionThePipelineHoldsOnlyJsonRpcHandlers() throws Exception {
        EmbeddedChannel channel = connect(null);
        byte[] request = "\n {\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : request) {
            send(channel, new byte[] {b});
        }
        assertThat(handlerNames(channel)).containsExactlyElementsOf(ControlInitializer.JSONRPC_HANDLERS);
        JsonNode reply = reply(channel);
        assertThat(reply.get("id").asInt()).isEqualTo(1);
        assertThat(reply.at("/result/pong").asBoolean()).isTrue();
        assertThat(connections.count(ControlProtocol.JSONRPC)).isEqualTo(1);
        assertThat(connections.count(ControlProtocol.BINARY)).isZero();
    }

    @Test
    void afterBinaryDetectionThePipelineHoldsOnlyBinaryHandlers() {
        EmbeddedChannel channel = connect(null);
        byte[] request = Frames.request(3, "system.ping", null);
        send(channel, new byte[] {request[0]});
        assertThat(handlerNames(channel)).containsExactlyElementsOf(ControlInitializer.BINARY_HANDLERS);
        send(channel, java.util.Arrays.copyOfRange(request, 1, 10));
        send(channel, java.util.Arrays.copyOfRange(request, 10, request.length));
        List<Frames.Frame> frames = frames(channel);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).requestId()).isEqualTo(3);
        assertThat(frames.get(0).json().get("pong").asBoolean()).isTrue();
        assertThat(connections.count(ControlProtocol.BINARY)).isEqualTo(1);
    }

    @Test
    void jsonThatLooksLikeBinaryLaterIsStillJson() throws Exception {
        EmbeddedChannel channel = connect(null);
        sendLine(channel, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
        output(channel);
        send(channel, Frames.request(2, "system.ping", null));
        send(channel, "\n".getBytes(StandardCharsets.UTF_8));
        assertThat(reply(channel).at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void gaugesFollowConnectionsByProtocol() {
        EmbeddedChannel json = connect(null);
        sendLine(json, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\"}");
        EmbeddedChannel binary = connect(null);
        send(binary, Frames.request(1, "system.ping", null));
        EmbeddedChannel undetected = connect(null);
        assertThat(registry.get("switchboard.control.connections").tag("protocol", "jsonrpc").gauge().value()).isEqualTo(1);
        assertThat(registry.get("switchboard.control.connections").tag("protocol", "binary").gauge().value()).isEqualTo(1);
        assertThat(connections.count()).isEqualTo(3);
        json.close();
        binary.close();
        assertThat(registry.get("switchboard.control.connections").tag("protocol", "jsonrpc").gauge().value()).isZero();
        assertThat(registry.get("switchboard.control.connections").tag("protocol", "binary").gauge().value()).isZero();
        send(undetected, "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.get("switchboard.control.refused").tag("reason", "unrecognised").counter().count())
                .isEqualTo(1);
        assertThat(connections.count()).isZero();
    }

    @Test
    void tcpJsonRpcFirstCallMustAuthenticate() throws Exception {
        EmbeddedChannel refused = connect(KEY);
        sendLine(refused, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
        JsonNode reply = reply(refused);
        assertThat(reply.at("/error/code").asInt()).isEqualTo(ControlWire.UNAUTHORIZED);
        assertThat(reply.at("/error/message").asText()).contains("system.auth");
        assertThat(refused.isOpen()).isFalse();

        EmbeddedChannel wrongKey = connect(KEY);
        sendLine(wrongKey, "{\"jsonrpc\":\"2.0\",\"method\":\"system.auth\",\"params\":{\"apiKey\":\"nope\"},\"id\":1}");
        assertThat(reply(wrongKey).at("/error/message").asText()).isEqualTo("the API key is not valid");
        assertThat(wrongKey.isOpen()).isFalse();

        EmbeddedChannel batch = connect(KEY);
        sendLine(batch, "[{\"jsonrpc\":\"2.0\",\"method\":\"system.auth\",\"params\":{\"apiKey\":\"" + KEY
                + "\"},\"id\":1}]");
        assertThat(reply(batch).at("/error/code").asInt()).isEqualTo(ControlWire.UNAUTHORIZED);
        assertThat(batch.isOpen()).isFalse();

        EmbeddedChannel notification = connect(KEY);
        sendLine(notification, "{\"jsonrpc\":\"2.0\",\"method\":\"hub.disconnect\",\"params\":{\"device\":\"d\"}}");
        assertThat(output(notification)).isEmpty();
        assertThat(notification.isOpen()).isFalse();

        EmbeddedChannel good = connect(KEY);
        sendLine(good, "{\"jsonrpc\":\"2.0\",\"method\":\"system.auth\",\"params\":{\"apiKey\":\"" + KEY
                + "\"},\"id\":1}");
        assertThat(reply(good).at("/result/authenticated").asBoolean()).isTrue();
        sendLine(good, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":2}");
        assertThat(reply(good).at("/result/pong").asBoolean()).isTrue();
        sendLine(good, "{\"jsonrpc\":\"2.0\",\"method\":\"system.auth\",\"params\":{\"apiKey\":\"" + KEY
                + "\"},\"id\":3}");
        assertThat(reply(good).get("result")).isEqualTo(JSON.readTree("{\"authenticated\":true}"));
        assertThat(good.isOpen()).isTrue();
    }

    @Test
    void tcpBinaryFirstCallMustAuthenticate() {
        EmbeddedChannel refused = connect(KEY);
        send(refused, Frames.request(1, "system.ping", null));
        Frames.Frame reply = frames(refused).get(0);
        assertThat(reply.kind()).isEqualTo(ControlWire.KIND_ERROR);
        assertThat(reply.json().get("code").asInt()).isEqualTo(ControlWire.UNAUTHORIZED);
        assertThat(refused.isOpen()).isFalse();

        EmbeddedChannel good = connect(KEY);
        send(good, Frames.request(1, "system.auth", "{\"apiKey\":\"" + KEY + "\"}"));
        send(good, Frames.request(2, "system.ping", null));
        List<Frames.Frame> frames = frames(good);
        assertThat(frames.get(0).json().get("authenticated").asBoolean()).isTrue();
        assertThat(frames.get(1).json().get("pong").asBoolean()).isTrue();
        assertThat(good.isOpen()).isTrue();
    }

    @Test
    void unixConnectionsNeedNoAuthentication() throws Exception {
        EmbeddedChannel channel = connect(null);
        sendLine(channel, "{\"jsonrpc\":\"2.0\",\"method\":\"hub.connections\",\"id\":1}");
        assertThat(reply(channel).at("/result/total").asInt()).isZero();
    }
}
