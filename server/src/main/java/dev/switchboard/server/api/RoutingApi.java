package dev.switchboard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.routing.ChainRouteResolver;
import dev.switchboard.core.routing.UpstreamStatus;
import dev.switchboard.server.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The routing resources of the HTTP API: {@code /upstreams}, {@code /cables}, {@code /route/explain}
 * (docs/proxy.md). Answers exactly what the control methods answer, through {@link RoutingViews}.
 */
final class RoutingApi {

    private final ChainRouteResolver resolver;
    private final ObjectMapper json;
    private final HttpResponses responses;

    RoutingApi(ChainRouteResolver resolver, ObjectMapper json, HttpResponses responses) {
        this.resolver = resolver;
        this.json = json;
        this.responses = responses;
    }

    static boolean handles(String resource) {
        return resource.equals("/upstreams") || resource.startsWith("/upstreams/") || resource.equals("/cables")
                || resource.startsWith("/cables/") || resource.equals("/route/explain");
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String resource) {
        HttpMethod method = request.method();
        try {
            if (resource.equals("/upstreams")) {
                if (HttpMethod.POST.equals(method)) {
                    UpstreamStatus status = resolver.upstreams().register(
                            RoutingViews.spec(body(request, RoutingViews.RegisterRequest.class)));
                    responses.json(ctx, request, HttpResponseStatus.OK, RoutingViews.upstream(status));
                } else {
                    require(method, HttpMethod.GET);
                    responses.json(ctx, request, HttpResponseStatus.OK, RoutingViews.upstreams(resolver));
                }
            } else if (resource.startsWith("/upstreams/")) {
                require(method, HttpMethod.DELETE);
                String id = resource.substring("/upstreams/".length());
                if (!resolver.upstreams().unregister(id)) {
                    throw new NoSuchElementException("no upstream " + id);
                }
                responses.json(ctx, request, HttpResponseStatus.OK, Map.of("removed", true));
            } else if (resource.equals("/cables")) {
                if (HttpMethod.POST.equals(method)) {
                    RoutingViews.ConnectRequest connect = body(request, RoutingViews.ConnectRequest.class);
                    responses.json(ctx, request, HttpResponseStatus.OK,
                            RoutingViews.cable(resolver.connect(connect.client(), connect.upstream())));
                } else {
                    require(method, HttpMethod.GET);
                    responses.json(ctx, request, HttpResponseStatus.OK, RoutingViews.cables(resolver.cables()));
                }
            } else if (resource.startsWith("/cables/")) {
                require(method, HttpMethod.DELETE);
                String client = QueryStringDecoder.decodeComponent(resource.substring("/cables/".length()));
                if (!resolver.disconnect(client)) {
                    throw new NoSuchElementException("no cable for " + client);
                }
                responses.json(ctx, request, HttpResponseStatus.OK, Map.of("removed", true));
            } else {
                require(method, HttpMethod.POST);
                RoutingViews.ExplainRequest explain = request.content().isReadable()
                        ? body(request, RoutingViews.ExplainRequest.class) : null;
                responses.json(ctx, request, HttpResponseStatus.OK,
                        RoutingViews.explanation(resolver.explain(RoutingViews.routeRequest(explain))));
            }
        } catch (NoSuchElementException e) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiException.badRequest("bad_request", e.getMessage());
        }
    }

    private <T> T body(FullHttpRequest request, Class<T> type) {
        try {
            T value = json.readValue(request.content().toString(StandardCharsets.UTF_8), type);
            if (value == null) {
                throw ApiException.badRequest("bad_json", "body must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("bad_json", "body is not the expected JSON object: " + e.getOriginalMessage());
        }
    }

    private static void require(HttpMethod actual, HttpMethod expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "use " + expected.name() + " for this resource");
        }
    }
}
