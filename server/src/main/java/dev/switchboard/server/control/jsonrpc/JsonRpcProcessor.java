package dev.switchboard.server.control.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.method.ApiKeyGate;
import dev.switchboard.server.control.method.CallContext;
import dev.switchboard.server.control.method.CallDispatcher;
import dev.switchboard.server.control.method.RpcException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON-RPC 2.0 semantics, with no I/O: turns one parsed line (a request, a notification or a batch) into the
 * reply to write, or null when the spec says nothing is written (notifications, a batch of notifications).
 * One instance per connection, because of the optional {@link ApiKeyGate}.
 */
public final class JsonRpcProcessor {

    private final CallDispatcher dispatcher;
    private final ApiKeyGate gate;
    private boolean closeRequested;

    /** @param gate the TCP listener's first-call rule, or null on the Unix socket */
    public JsonRpcProcessor(CallDispatcher dispatcher, ApiKeyGate gate) {
        this.dispatcher = dispatcher;
        this.gate = gate;
    }

    /** True once a reply must be the connection's last (a failed authentication). */
    public boolean closeRequested() {
        return closeRequested;
    }

    /** @return the reply, or null when nothing is to be written */
    public JsonRpcReply process(JsonNode message) {
        if (message.isArray()) {
            return batch(message);
        }
        return single(message);
    }

    /** The reply to a line that is not JSON at all. */
    public static JsonRpcReply parseError(String detail) {
        return new JsonRpcReply.Failure(null, ControlWire.PARSE_ERROR, "parse error: " + detail);
    }

    private JsonRpcReply batch(JsonNode batch) {
        if (batch.isEmpty()) {
            return invalid(null, "empty batch: a batch must hold at least one request");
        }
        if (gate != null && !gate.passed()) {
            closeRequested = true;
            RpcException refused = ApiKeyGate.notAuthenticated();
            return new JsonRpcReply.Failure(null, refused.code(), refused.getMessage());
        }
        List<JsonRpcReply> replies = new ArrayList<>(batch.size());
        for (JsonNode element : batch) {
            JsonRpcReply reply = single(element);
            if (reply != null) {
                replies.add(reply);
            }
        }
        return replies.isEmpty() ? null : new JsonRpcReply.Batch(replies);
    }

    private JsonRpcReply single(JsonNode request) {
        if (!request.isObject()) {
            return invalid(null, "a request must be a JSON object, got " + kind(request));
        }
        JsonNode id = request.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return invalid(null, "id must be a string, a number or null, got " + kind(id));
        }
        JsonNode version = request.get("jsonrpc");
        if (version == null || !"2.0".equals(version.textValue())) {
            return invalid(id, "jsonrpc must be \"2.0\"" + (version == null ? " (member missing)" : ""));
        }
        JsonNode method = request.get("method");
        if (method == null || !method.isTextual()) {
            return invalid(id, "method must be a string" + (method == null ? " (member missing)" : ""));
        }
        JsonNode params = request.get("params");
        if (params != null && !params.isContainerNode()) {
            return invalid(id, "params must be an object (named params), got " + kind(params));
        }
        // A request without an id member is a notification: it runs, but nothing is ever written back.
        boolean notification = id == null;
        try {
            if (gate != null) {
                Object authenticated = admit(method.textValue(), params);
                if (authenticated != null) {
                    return notification ? null : new JsonRpcReply.Success(id, authenticated);
                }
            }
            Object result = dispatcher.call(method.textValue(), params, CallContext.JSONRPC);
            return notification ? null : new JsonRpcReply.Success(id, result);
        } catch (RpcException e) {
            return notification ? null : new JsonRpcReply.Failure(id, e.code(), e.getMessage());
        }
    }

    private Object admit(String method, JsonNode params) {
        try {
            return gate.admit(method, params);
        } catch (RpcException refused) {
            closeRequested = true;
            throw refused;
        }
    }

    private static JsonRpcReply invalid(JsonNode id, String message) {
        return new JsonRpcReply.Failure(id, ControlWire.INVALID_REQUEST, "invalid request: " + message);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
