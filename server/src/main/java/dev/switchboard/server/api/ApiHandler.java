package dev.switchboard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.core.routing.ChainRouteResolver;
import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import dev.switchboard.server.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API under {@code /api/v1}: publish, lines, pairings, sessions, apps, upstreams and cables. Every route needs the API key;
 * every failure is a JSON error naming what was wrong (docs/api.md).
 */
public final class ApiHandler {

    private final String prefix;
    private final Hub hub;
    private final ApiKeyAuthenticator authenticator;
    private final ObjectMapper json;
    private final HttpResponses responses;
    private final long maxMessageSize;
    private final PairingService pairing;
    private final SessionRegistry sessions;
    private final AppsApi apps;
    private final RoutingApi routing;

    /**
     * @param sessions the user sessions behind {@code GET /sessions}
     * @param apps     the apps resources (docs/apps.md)
     * @param resolver the dev proxy's routing, behind {@code /upstreams}, {@code /cables}, {@code /route/explain}
     */
    public ApiHandler(String prefix, Hub hub, ApiKeyAuthenticator authenticator, ObjectMapper json,
                      long maxMessageSize, PairingService pairing, SessionRegistry sessions, AppsApi apps,
                      ChainRouteResolver resolver) {
        this.prefix = prefix;
        this.hub = hub;
        this.authenticator = authenticator;
        this.json = json;
        this.responses = new HttpResponses(json);
        this.maxMessageSize = maxMessageSize;
        this.pairing = pairing;
        this.sessions = sessions;
        this.apps = apps;
        this.routing = new RoutingApi(resolver, json, responses);
    }

    public boolean handles(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        try {
            authenticator.authenticate(request);
            route(ctx, request, uri);
        } catch (ApiException e) {
            responses.error(ctx, request, e.status(), e.code(), e.getMessage());
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        String resource = uri.path().substring(prefix.length());
        HttpMethod method = request.method();
        if (AppsApi.handles(resource)) {
            AppsApi.Answer answer = apps.handle(method, resource, () -> body(request));
            responses.json(ctx, request, answer.status(), answer.body());
        } else if (resource.equals("/publish")) {
            requireMethod(method, HttpMethod.POST);
            PublishRequest publish = PublishRequest.parse(body(request), json, maxMessageSize);
            int delivered = hub.publish(publish.target(), publish.message());
            responses.json(ctx, request, HttpResponseStatus.OK, Map.of("delivered", delivered));
        } else if (resource.equals("/connections")) {
            if (HttpMethod.DELETE.equals(method)) {
                String device = param(uri, "device");
                if (device == null) {
                    throw ApiException.badRequest("bad_request", "DELETE /connections needs ?device=<id>");
                }
                disconnected(ctx, request, hub.disconnectDevice(device, reason(uri)), "device " + device);
            } else {
                requireMethod(method, HttpMethod.GET);
                responses.json(ctx, request, HttpResponseStatus.OK, listLines(uri));
            }
        } else if (resource.startsWith("/connections/")) {
            String id = resource.substring("/connections/".length());
            if (HttpMethod.DELETE.equals(method)) {
                disconnected(ctx, request, hub.disconnect(id, reason(uri)), "connection " + id);
            } else {
                requireMethod(method, HttpMethod.GET);
                Line line = hub.line(id).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                        "not_found", "no open connection " + id));
                responses.json(ctx, request, HttpResponseStatus.OK, LineViews.view(hub, line));
            }
        } else if (resource.equals("/pairings")) {
            requireMethod(method, HttpMethod.GET);
            responses.json(ctx, request, HttpResponseStatus.OK, PairingViews.listing(hub, pairing.list()));
        } else if (resource.startsWith("/pairings/")) {
            requireMethod(method, HttpMethod.DELETE);
            String code = resource.substring("/pairings/".length());
            if (!pairing.close(code, param(uri, "reason"))) {
                throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no open code or pairing " + code);
            }
            responses.json(ctx, request, HttpResponseStatus.OK, Map.of("closed", true));
        } else if (RoutingApi.handles(resource)) {
            routing.handle(ctx, request, uri, resource);
        } else if (resource.equals("/sessions")) {
            requireMethod(method, HttpMethod.GET);
            responses.json(ctx, request, HttpResponseStatus.OK,
                    SessionViews.listing(sessions, hub, param(uri, "user"), param(uri, "device")));
        } else {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found",
                    "no API resource " + uri.path() + "; see docs/api.md");
        }
    }


    private Map<String, Object> listLines(QueryStringDecoder uri) {
        return LineViews.listing(hub, param(uri, "user"), param(uri, "device"), limit(uri));
    }

    private void disconnected(ChannelHandlerContext ctx, FullHttpRequest request, boolean found, String what) {
        if (!found) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no open " + what);
        }
        responses.json(ctx, request, HttpResponseStatus.OK, Map.of("disconnected", true));
    }

    private static CloseReason reason(QueryStringDecoder uri) {
        return CloseReason.DISCONNECTED.withText(param(uri, "reason"));
    }

    private static int limit(QueryStringDecoder uri) {
        String raw = param(uri, "limit");
        if (raw == null) {
            return LineViews.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= LineViews.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("bad_request", "limit must be an integer in 1.." + LineViews.MAX_LIMIT);
    }

    private static String param(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private JsonNode body(FullHttpRequest request) {
        try {
            return json.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("bad_json", "body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void requireMethod(HttpMethod actual, HttpMethod expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "use " + expected.name() + " for this resource");
        }
    }
}
