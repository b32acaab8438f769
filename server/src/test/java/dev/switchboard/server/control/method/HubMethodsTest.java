package dev.switchboard.server.control.method;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Message;
import dev.switchboard.server.control.TestHub;
import dev.switchboard.core.hub.RecordingLine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hub.publish, hub.connections and hub.disconnect against an in-memory hub. */
class HubMethodsTest {

    private final TestHub testHub = new TestHub(new SimpleMeterRegistry());
    private final CallDispatcher dispatcher = new CallDispatcher(testHub.methods, new SimpleMeterRegistry());
    private final Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    private final RecordingLine phone = testHub.open("c-1", "alice", "phone", t0.plusSeconds(2));
    private final RecordingLine laptop = testHub.open("c-2", "alice", "laptop", t0.plusSeconds(1));
    private final RecordingLine tablet = testHub.open("c-3", "bob", "tablet", t0.plusSeconds(3));

    private static JsonNode json(String text) {
        try {
            return ControlJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Object call(String method, String params) {
        return dispatcher.call(method, params == null ? null : json(params), CallContext.JSONRPC);
    }

    private RpcException refused(String method, String params, CallContext ctx) {
        try {
            dispatcher.call(method, params == null ? null : json(params), ctx);
        } catch (RpcException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void publishTakesTheHttpApisParamsAndReportsDeliveries() {
        assertThat(call("hub.publish", "{\"user\":\"alice\",\"data\":{\"n\":1.50}}")).isEqualTo(Map.of("delivered", 2));
        assertThat(phone.received).hasSize(1);
        assertThat(new String(phone.received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1.50}");
        assertThat(call("hub.publish", "{\"device\":\"tablet\",\"binary\":\"AQID\"}")).isEqualTo(Map.of("delivered", 1));
        assertThat(tablet.received.get(0).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(tablet.received.get(0).body()).containsExactly(1, 2, 3);
        assertThat(call("hub.publish", "{\"broadcast\":true,\"data\":\"x\"}")).isEqualTo(Map.of("delivered", 3));
        assertThat(call("hub.publish", "{\"device\":\"nobody\",\"data\":1}")).isEqualTo(Map.of("delivered", 0));
    }

    @Test
    void publishRefusalsAreInvalidParamsWithPublishRequestsMessage() {
        RpcException twoTargets = refused("hub.publish", "{\"user\":\"a\",\"device\":\"b\",\"data\":1}",
                CallContext.JSONRPC);
        assertThat(twoTargets.code()).isEqualTo(-32602);
        assertThat(twoTargets.getMessage()).contains("exactly one target").contains("(got device, user)");
        assertThat(refused("hub.publish", null, CallContext.JSONRPC).getMessage()).contains("exactly one target");
        assertThat(refused("hub.publish", "{\"device\":\"d\"}", CallContext.JSONRPC).getMessage())
                .contains("exactly one of data");
        assertThat(refused("hub.publish", "{\"device\":\"d\",\"binary\":\"**\"}", CallContext.JSONRPC).getMessage())
                .contains("not valid base64");
    }

    @Test
    void tooBigAMessageIsPayloadTooLarge() {
        String big = "x".repeat((int) TestHub.MAX_MESSAGE);
        RpcException e = refused("hub.publish", "{\"device\":\"phone\",\"data\":\"" + big + "\"}", CallContext.JSONRPC);
        assertThat(e.code()).isEqualTo(-32003);
        assertThat(e.getMessage()).contains("limit is " + TestHub.MAX_MESSAGE);
        RpcException raw = refused("hub.publish", "{\"device\":\"phone\"}",
                CallContext.binaryRaw(new byte[(int) TestHub.MAX_MESSAGE + 1]));
        assertThat(raw.code()).isEqualTo(-32003);
        assertThat(phone.received).isEmpty();
    }

    @Test
    void rawPublishTakesTheTargetFromParamsAndTheMessageFromTheRawBytes() {
        byte[] raw = {0, (byte) 0xFF, 10, 13};
        Object result = dispatcher.call("hub.publish", json("{\"device\":\"phone\"}"), CallContext.binaryRaw(raw));
        assertThat(result).isEqualTo(Map.of("delivered", 1));
        assertThat(phone.received.get(0).kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(phone.received.get(0).body()).isEqualTo(raw);
        assertThat(refused("hub.publish", "{\"device\":\"phone\",\"data\":1}", CallContext.binaryRaw(raw))
                .getMessage()).contains("leave data and binary out");
        assertThat(refused("hub.publish", "{\"channel\":\"bad name!\"}", CallContext.binaryRaw(raw)).code())
                .isEqualTo(-32602);
    }

    @Test
    void connectionsListsLinesOldestFirstWithTheApisView() {
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) call("hub.connections", null);
        assertThat(all.get("total")).isEqualTo(3);
        assertThat(all.get("truncated")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> views = (List<Map<String, Object>>) all.get("connections");
        assertThat(views).extracting(v -> v.get("id")).containsExactly("c-2", "c-1", "c-3");
        assertThat(views.get(0)).containsEntry("user", "alice").containsEntry("device", "laptop")
                .containsKeys("connectedSince", "channels", "messagesOut", "remoteAddress");
    }

    @Test
    void connectionsFiltersAndLimits() {
        @SuppressWarnings("unchecked")
        Map<String, Object> alice = (Map<String, Object>) call("hub.connections", "{\"user\":\"alice\",\"limit\":1}");
        assertThat(alice.get("total")).isEqualTo(2);
        assertThat(alice.get("truncated")).isEqualTo(true);
        assertThat((List<?>) alice.get("connections")).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> tabletOnly = (Map<String, Object>) call("hub.connections", "{\"device\":\"tablet\"}");
        assertThat(tabletOnly.get("total")).isEqualTo(1);
        assertThat(refused("hub.connections", "{\"limit\":0}", CallContext.JSONRPC).getMessage())
                .isEqualTo("field 'limit' must be in 1..10000, got 0");
        assertThat(refused("hub.connections", "{\"user\":\"\"}", CallContext.JSONRPC).getMessage())
                .isEqualTo("field 'user' must be a non-empty string");
        assertThat(refused("hub.connections", "{\"users\":\"a\"}", CallContext.JSONRPC).getMessage())
                .startsWith("unknown field 'users'");
    }

    @Test
    void disconnectByIdOrDevice() {
        assertThat(call("hub.disconnect", "{\"id\":\"c-1\",\"reason\":\"maintenance\"}"))
                .isEqualTo(Map.of("disconnected", true));
        assertThat(phone.closedWith.get()).isEqualTo(new CloseReason(4500, "maintenance"));
        assertThat(call("hub.disconnect", "{\"device\":\"tablet\"}")).isEqualTo(Map.of("disconnected", true));
        assertThat(tablet.closedWith.get()).isEqualTo(CloseReason.DISCONNECTED);
        assertThat(laptop.closedWith.get()).isNull();
    }

    @Test
    void disconnectNeedsExactlyOneOfIdOrDeviceAndReportsNotFound() {
        assertThat(refused("hub.disconnect", "{}", CallContext.JSONRPC).getMessage())
                .isEqualTo("give exactly one of 'id' (a connection id) or 'device'");
        assertThat(refused("hub.disconnect", "{\"id\":\"c-1\",\"device\":\"phone\"}", CallContext.JSONRPC).code())
                .isEqualTo(-32602);
        RpcException missing = refused("hub.disconnect", "{\"id\":\"c-9\"}", CallContext.JSONRPC);
        assertThat(missing.code()).isEqualTo(-32002);
        assertThat(missing.getMessage()).isEqualTo("no open connection c-9");
        assertThat(refused("hub.disconnect", "{\"device\":\"toaster\"}", CallContext.JSONRPC).getMessage())
                .isEqualTo("no open connection for device toaster");
        assertThat(phone.closedWith.get()).isNull();
    }
}
