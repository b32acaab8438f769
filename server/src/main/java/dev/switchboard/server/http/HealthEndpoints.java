package dev.switchboard.server.http;

import dev.switchboard.core.hub.Hub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz} (alive; {@code ?verbose} adds the full health report), {@code /readyz} (accepting lines;
 * 503 while draining) and {@code /metrics}.
 */
public final class HealthEndpoints {

    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Hub hub;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private final Supplier<Map<String, Object>> report;
    private final HttpResponses responses;
    private Supplier<String> notReady = () -> null;

    public HealthEndpoints(Hub hub, PrometheusMeterRegistry registry, BooleanSupplier ready,
                           Supplier<Map<String, Object>> report, HttpResponses responses) {
        this.hub = hub;
        this.registry = registry;
        this.ready = ready;
        this.report = report;
        this.responses = responses;
    }

    /**
     * Adds a readiness condition beyond "accepting": {@code reason} answers null while ready, else a short
     * code (e.g. {@code redis_unavailable}) that {@code /readyz} reports with its 503.
     */
    public HealthEndpoints withReadiness(Supplier<String> reason) {
        this.notReady = reason;
        return this;
    }

    /** Answers the request if its path is one of ours; false otherwise. */
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        switch (uri.path()) {
            case "/healthz":
                responses.json(ctx, request, HttpResponseStatus.OK,
                        uri.parameters().containsKey("verbose") ? report.get() : status("ok"));
                return true;
            case "/readyz":
                boolean accepting = ready.getAsBoolean();
                String reason = accepting ? notReady.get() : null;
                boolean isReady = accepting && reason == null;
                Map<String, Object> body = status(isReady ? "ready" : accepting ? "not_ready" : "draining");
                if (reason != null) {
                    body.put("reason", reason);
                }
                responses.json(ctx, request, isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        body);
                return true;
            case "/metrics":
                responses.text(ctx, request, HttpResponseStatus.OK, registry.scrape(), PROMETHEUS_TYPE);
                return true;
            default:
                return false;
        }
    }

    private Map<String, Object> status(String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("node", hub.nodeId());
        body.put("lines", hub.lineCount());
        return body;
    }
}
