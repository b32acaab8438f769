package dev.switchboard.server.control.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.control.method.CallDispatcher;
import dev.switchboard.server.control.method.MethodRegistry;
import dev.switchboard.server.control.method.NoParams;
import dev.switchboard.server.control.method.RpcException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of the JSON-RPC 2.0 specification (https://www.jsonrpc.org/specification#examples), with named
 * params and area.verb method names, through the real framing, handler and encoder.
 */
class JsonRpcSpecTest {

    private static final int MAX_LINE = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    record SubtractParams(int minuend, int subtrahend) {
    }

    record SumParams(List<Integer> values) {
    }

    record HelloParams(int value) {
    }

    private final AtomicInteger updates = new AtomicInteger();
    private final AtomicInteger hellos = new AtomicInteger();
    private final MethodRegistry methods = new MethodRegistry()
            .register("math.subtract", SubtractParams.class, "{minuend, subtrahend}", "a - b",
                    (p, ctx) -> p.minuend() - p.subtrahend())
            .register("math.sum", SumParams.class, "{values}", "sum",
                    (p, ctx) -> p.values().stream().mapToInt(Integer::intValue).sum())
            .register("demo.update", SumParams.class, "{values}", "counts", (p, ctx) -> updates.incrementAndGet())
            .register("demo.notifyHello", HelloParams.class, "{value}", "counts", (p, ctx) -> hellos.incrementAndGet())
            .register("demo.getData", NoParams.class, "{}", "data", (p, ctx) -> List.of("hello", 5))
            .register("demo.fail", NoParams.class, "{}", "fails", (p, ctx) -> {
                throw new IllegalStateException("secret internal detail");
            })
            .register("demo.refuse", NoParams.class, "{}", "refuses", (p, ctx) -> {
                throw RpcException.notFound("nothing here");
            });
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new LineBasedFrameDecoder(MAX_LINE, true, false),
            new JsonRpcReplyEncoder(),
            new JsonRpcHandler(new JsonRpcProcessor(new CallDispatcher(methods, new SimpleMeterRegistry()), null),
                    MAX_LINE));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private void send(String line) {
        channel.writeInbound(Unpooled.copiedBuffer(line + "\n", StandardCharsets.UTF_8));
    }

    /** Every line written so far, each checked to be one line. */
    private List<String> lines() {
        StringBuilder all = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            all.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        List<String> lines = new ArrayList<>();
        if (all.length() == 0) {
            return lines;
        }
        assertThat(all.toString()).endsWith("\n");
        for (String line : all.toString().split("\n")) {
            lines.add(line);
        }
        return lines;
    }

    private JsonNode only() throws Exception {
        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    private JsonNode call(String line) throws Exception {
        send(line);
        return only();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void rpcCallWithNamedParams() throws Exception {
        assertThat(call("{\"jsonrpc\": \"2.0\", \"method\": \"math.subtract\", \"params\": "
                + "{\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}"))
                .isEqualTo(json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}"));
        assertThat(call("{\"jsonrpc\": \"2.0\", \"method\": \"math.subtract\", \"params\": "
                + "{\"minuend\": 42, \"subtrahend\": 23}, \"id\": 4}"))
                .isEqualTo(json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 4}"));
    }

    @Test
    void responseMembersComeInTheUsualOrderOnOneLine() {
        send("{\"jsonrpc\":\"2.0\",\"method\":\"math.sum\",\"params\":{\"values\":[1,2]},\"id\":7}");
        assertThat(lines()).containsExactly("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":3}");
    }

    @Test
    void notificationRunsButGetsNoReply() {
        send("{\"jsonrpc\": \"2.0\", \"method\": \"demo.update\", \"params\": {\"values\": [1,2,3,4,5]}}");
        send("{\"jsonrpc\": \"2.0\", \"method\": \"demo.getData\"}");
        assertThat(lines()).isEmpty();
        assertThat(updates).hasValue(1);
    }

    @Test
    void failingNotificationsGetNoReplyEither() {
        send("{\"jsonrpc\": \"2.0\", \"method\": \"demo.nope\"}");
        send("{\"jsonrpc\": \"2.0\", \"method\": \"math.subtract\", \"params\": {\"minuend\": \"x\"}}");
        send("{\"jsonrpc\": \"2.0\", \"method\": \"demo.fail\"}");
        assertThat(lines()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void nonExistentMethod() throws Exception {
        JsonNode reply = call("{\"jsonrpc\": \"2.0\", \"method\": \"demo.foobar\", \"id\": \"1\"}");
        assertThat(reply.get("id")).isEqualTo(json("\"1\""));
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(reply.at("/error/message").asText()).contains("demo.foobar").contains("system.methods");
        assertThat(reply.has("result")).isFalse();
    }

    @Test
    void invalidJson() throws Exception {
        JsonNode reply = call("{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]");
        assertThat(reply.get("id").isNull()).isTrue();
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(reply.at("/error/message").asText()).startsWith("parse error: ");
    }

    @Test
    void trailingGarbageAfterTheObjectIsAParseError() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":1} x").at("/error/code").asInt())
                .isEqualTo(-32700);
    }

    @Test
    void invalidRequestObject() throws Exception {
        JsonNode reply = call("{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}");
        assertThat(reply.get("id").isNull()).isTrue();
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(reply.at("/error/message").asText()).contains("method must be a string");
    }

    @Test
    void missingOrWrongJsonrpcMemberIsAnInvalidRequestThatKeepsItsId() throws Exception {
        JsonNode missing = call("{\"method\": \"demo.getData\", \"id\": 5}");
        assertThat(missing.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(missing.get("id").asInt()).isEqualTo(5);
        JsonNode wrong = call("{\"jsonrpc\": \"1.0\", \"method\": \"demo.getData\", \"id\": 6}");
        assertThat(wrong.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(wrong.at("/error/message").asText()).contains("jsonrpc must be \"2.0\"");
        JsonNode number = call("{\"jsonrpc\": 2.0, \"method\": \"demo.getData\", \"id\": 7}");
        assertThat(number.at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void idOfAWrongTypeIsAnInvalidRequestWithNullId() throws Exception {
        for (String id : List.of("true", "{\"a\":1}", "[1]")) {
            JsonNode reply = call("{\"jsonrpc\": \"2.0\", \"method\": \"demo.getData\", \"id\": " + id + "}");
            assertThat(reply.at("/error/code").asInt()).as(id).isEqualTo(-32600);
            assertThat(reply.get("id").isNull()).as(id).isTrue();
        }
    }

    @Test
    void primitiveParamsAreAnInvalidRequestAndPositionalParamsAreInvalidParams() throws Exception {
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"params\":\"x\",\"id\":1}")
                .at("/error/code").asInt()).isEqualTo(-32600);
        JsonNode positional = call("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":[42,23],\"id\":2}");
        assertThat(positional.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(positional.at("/error/message").asText()).contains("named params").contains("array");
    }

    @Test
    void idsAreEchoedExactly() {
        send("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":1.10}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":123456789012345678901234567890}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":\"é\\u0000x\"}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":null}");
        assertThat(lines()).containsExactly(
                "{\"jsonrpc\":\"2.0\",\"id\":1.10,\"result\":[\"hello\",5]}",
                "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"result\":[\"hello\",5]}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"é\\u0000x\",\"result\":[\"hello\",5]}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":[\"hello\",5]}");
    }

    @Test
    void batchWithInvalidJson() throws Exception {
        JsonNode reply = call("[{\"jsonrpc\": \"2.0\", \"method\": \"math.sum\", \"params\": {\"values\": [1,2,4]}, "
                + "\"id\": \"1\"},{\"jsonrpc\": \"2.0\", \"method\"]");
        assertThat(reply.isObject()).isTrue();
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(reply.get("id").isNull()).isTrue();
    }

    @Test
    void emptyArrayIsOneInvalidRequestNotAnArray() throws Exception {
        JsonNode reply = call("[]");
        assertThat(reply.isObject()).isTrue();
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(reply.get("id").isNull()).isTrue();
    }

    @Test
    void invalidBatchOfOne() throws Exception {
        JsonNode reply = call("[1]");
        assertThat(reply.isArray()).isTrue();
        assertThat(reply).hasSize(1);
        assertThat(reply.get(0).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(reply.get(0).get("id").isNull()).isTrue();
    }

    @Test
    void invalidBatchOfThree() throws Exception {
        JsonNode reply = call("[1,2,3]");
        assertThat(reply.isArray()).isTrue();
        assertThat(reply).hasSize(3);
        for (JsonNode element : reply) {
            assertThat(element.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(element.get("id").isNull()).isTrue();
        }
    }

    @Test
    void mixedBatchAnswersOnlyTheNonNotificationsAsOneArray() throws Exception {
        JsonNode reply = call("["
                + "{\"jsonrpc\": \"2.0\", \"method\": \"math.sum\", \"params\": {\"values\": [1,2,4]}, \"id\": \"1\"},"
                + "{\"jsonrpc\": \"2.0\", \"method\": \"demo.notifyHello\", \"params\": {\"value\": 7}},"
                + "{\"jsonrpc\": \"2.0\", \"method\": \"math.subtract\", \"params\": {\"minuend\": 42, \"subtrahend\": 23}, "
                + "\"id\": \"2\"},"
                + "{\"foo\": \"boo\"},"
                + "{\"jsonrpc\": \"2.0\", \"method\": \"foo.get\", \"params\": {\"name\": \"myself\"}, \"id\": \"5\"},"
                + "{\"jsonrpc\": \"2.0\", \"method\": \"demo.getData\", \"id\": \"9\"}"
                + "]");
        assertThat(reply.isArray()).isTrue();
        assertThat(reply).hasSize(5);
        assertThat(reply.get(0)).isEqualTo(json("{\"jsonrpc\": \"2.0\", \"result\": 7, \"id\": \"1\"}"));
        assertThat(reply.get(1)).isEqualTo(json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": \"2\"}"));
        assertThat(reply.get(2).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(reply.get(2).get("id").isNull()).isTrue();
        assertThat(reply.get(3).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(reply.get(3).get("id").asText()).isEqualTo("5");
        assertThat(reply.get(4)).isEqualTo(json("{\"jsonrpc\": \"2.0\", \"result\": [\"hello\", 5], \"id\": \"9\"}"));
        assertThat(hellos).hasValue(1);
    }

    @Test
    void batchOfOnlyNotificationsGetsNothingAtAll() {
        send("[{\"jsonrpc\": \"2.0\", \"method\": \"demo.notifyHello\", \"params\": {\"value\": 1}},"
                + "{\"jsonrpc\": \"2.0\", \"method\": \"demo.notifyHello\", \"params\": {\"value\": 2}}]");
        assertThat(lines()).isEmpty();
        assertThat(hellos).hasValue(2);
    }

    @Test
    void badParamsNameTheField() throws Exception {
        JsonNode reply = call("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\","
                + "\"params\":{\"minuend\":\"forty\",\"subtrahend\":1},\"id\":1}");
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(reply.at("/error/message").asText()).isEqualTo("field 'minuend' must be an integer, got a string");
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorWithoutDetails() throws Exception {
        JsonNode reply = call("{\"jsonrpc\":\"2.0\",\"method\":\"demo.fail\",\"id\":1}");
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(reply.at("/error/message").asText())
                .contains("demo.fail").contains("daemon log")
                .doesNotContain("secret").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(reply.at("/error").size()).isEqualTo(2);
    }

    @Test
    void serverErrorsKeepTheirCode() throws Exception {
        JsonNode reply = call("{\"jsonrpc\":\"2.0\",\"method\":\"demo.refuse\",\"id\":1}");
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(reply.at("/error/message").asText()).isEqualTo("nothing here");
    }

    @Test
    void overLongLineIsAnsweredAndTheNextLineWorks() throws Exception {
        String huge = "{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":1,\"pad\":\"" + "x".repeat(MAX_LINE * 3)
                + "\"}";
        // Arrives in pieces, like a real socket read.
        byte[] bytes = (huge + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 1000) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(1000, bytes.length - i)));
        }
        send("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":2}");
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = json(lines.get(0));
        assertThat(first.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(first.at("/error/message").asText()).contains("longer than the limit of " + MAX_LINE);
        assertThat(json(lines.get(1))).isEqualTo(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[\"hello\",5]}"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void blankAndCrlfLinesAreFine() {
        send("");
        send("   ");
        channel.writeInbound(Unpooled.copiedBuffer("{\"jsonrpc\":\"2.0\",\"method\":\"demo.getData\",\"id\":3}\r\n",
                StandardCharsets.UTF_8));
        assertThat(lines()).containsExactly("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[\"hello\",5]}");
    }

    @Test
    void unserialisableResultBecomesAnInternalErrorForItsId() throws Exception {
        methods.register("demo.bad", NoParams.class, "{}", "bad", (p, ctx) -> Map.of("x", new Object()));
        JsonNode reply = call("{\"jsonrpc\":\"2.0\",\"method\":\"demo.bad\",\"id\":9}");
        assertThat(reply.get("id").asInt()).isEqualTo(9);
        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32603);
    }

    @Test
    void manyPipelinedRequestsInOneReadAreAllAnsweredInOrder() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            lines.append("{\"jsonrpc\":\"2.0\",\"method\":\"math.sum\",\"params\":{\"values\":[").append(i)
                    .append("]},\"id\":").append(i).append("}\n");
        }
        channel.writeInbound(Unpooled.copiedBuffer(lines, StandardCharsets.UTF_8));
        List<String> replies = lines();
        assertThat(replies).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(replies.get(i)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"result\":" + i + "}");
        }
    }
}
