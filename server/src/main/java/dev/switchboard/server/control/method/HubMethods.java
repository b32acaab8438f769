package dev.switchboard.server.control.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Message;
import dev.switchboard.server.api.ApiException;
import dev.switchboard.server.api.LineViews;
import dev.switchboard.server.api.PublishRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * The {@code hub.*} methods: publish, list lines, disconnect them; the same operations as the HTTP API, with
 * the same parsing (PublishRequest) and the same view of a line (LineViews).
 */
public final class HubMethods {

    static final int DEFAULT_LIMIT = LineViews.DEFAULT_LIMIT;
    static final int MAX_LIMIT = LineViews.MAX_LIMIT;

    /** Params of {@code hub.connections}: optional filters and a page size. */
    public record ConnectionsParams(String user, String device, Integer limit) {
        public ConnectionsParams {
            requireNonBlank("user", user);
            requireNonBlank("device", device);
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw RpcException.invalidParams("field 'limit' must be in 1.." + MAX_LIMIT + ", got " + limit);
            }
        }
    }

    /** Params of {@code hub.disconnect}: exactly one of a line id or a device, and an optional reason. */
    public record DisconnectParams(String id, String device, String reason) {
        public DisconnectParams {
            requireNonBlank("id", id);
            requireNonBlank("device", device);
            if ((id == null) == (device == null)) {
                throw RpcException.invalidParams("give exactly one of 'id' (a connection id) or 'device'"
                        + (id == null ? "" : " (got both)"));
            }
        }
    }

    private final Hub hub;
    private final long maxMessageSize;

    private HubMethods(Hub hub, long maxMessageSize) {
        this.hub = hub;
        this.maxMessageSize = maxMessageSize;
    }

    /** @param maxMessageSize the largest message a line accepts (the WebSocket limit) */
    public static void register(MethodRegistry methods, Hub hub, long maxMessageSize) {
        HubMethods hubMethods = new HubMethods(hub, maxMessageSize);
        methods.register(ControlMethod.of("hub.publish", JsonNode.class,
                "{device|user|channel: string | broadcast: true, data: any | binary: base64}",
                "publishes like POST /api/v1/publish; a binary raw payload carries only the target in params "
                        + "and the message as the raw bytes; answers {delivered: N}",
                hubMethods::publish).acceptingRaw());
        methods.register("hub.connections", ConnectionsParams.class,
                "{user?: string, device?: string, limit?: 1.." + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")}",
                "lists open lines, oldest first: {total, truncated, connections: [...]}",
                (p, ctx) -> hubMethods.connections(p));
        methods.register("hub.disconnect", DisconnectParams.class, "{id: string | device: string, reason?: string}",
                "closes a line (code 4500) by connection id or device; -32002 when none is open",
                (p, ctx) -> hubMethods.disconnect(p));
    }

    private Object publish(JsonNode params, CallContext ctx) {
        PublishRequest request;
        try {
            if (ctx.hasRaw()) {
                request = rawPublish((ObjectNode) params, ctx.raw());
            } else {
                request = PublishRequest.parse(params, ControlJson.MAPPER, maxMessageSize);
            }
        } catch (ApiException e) {
            if (HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.equals(e.status())) {
                throw RpcException.payloadTooLarge(e.getMessage());
            }
            throw RpcException.invalidParams(e.getMessage());
        }
        return Map.of("delivered", hub.publish(request.target(), request.message()));
    }

    private PublishRequest rawPublish(ObjectNode params, byte[] raw) {
        if (params.has("data") || params.has("binary")) {
            throw RpcException.invalidParams("a raw publish carries the message as the raw bytes; "
                    + "leave data and binary out of params");
        }
        if (raw.length > maxMessageSize) {
            throw RpcException.payloadTooLarge("message is " + raw.length + " bytes; the limit is " + maxMessageSize);
        }
        // A placeholder data member lets PublishRequest check the target exactly as the HTTP API does.
        params.putNull("data");
        return new PublishRequest(PublishRequest.parse(params, ControlJson.MAPPER, maxMessageSize).target(),
                Message.binary(raw));
    }

    private Map<String, Object> connections(ConnectionsParams p) {
        return LineViews.listing(hub, p.user(), p.device(), p.limit() == null ? DEFAULT_LIMIT : p.limit());
    }

    private Map<String, Object> disconnect(DisconnectParams p) {
        CloseReason reason = CloseReason.DISCONNECTED.withText(p.reason());
        boolean found = p.id() != null ? hub.disconnect(p.id(), reason) : hub.disconnectDevice(p.device(), reason);
        if (!found) {
            throw RpcException.notFound(p.id() != null ? "no open connection " + p.id()
                    : "no open connection for device " + p.device());
        }
        return Map.of("disconnected", true);
    }

    private static void requireNonBlank(String field, String value) {
        if (value != null && value.isBlank()) {
            throw RpcException.invalidParams("field '" + field + "' must be a non-empty string");
        }
    }
}
