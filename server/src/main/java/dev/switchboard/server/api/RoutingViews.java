package dev.switchboard.server.api;

import dev.switchboard.core.routing.CableListing;
import dev.switchboard.core.routing.CableView;
import dev.switchboard.core.routing.ChainRouteResolver;
import dev.switchboard.core.routing.ClientView;
import dev.switchboard.core.routing.ExplainStep;
import dev.switchboard.core.routing.RouteExplanation;
import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.core.routing.UpstreamSpec;
import dev.switchboard.core.routing.UpstreamStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How upstreams, cables and route explanations are shown and how their requests are read, the same from the
 * HTTP API ({@code /api/v1/upstreams}, {@code /cables}, {@code /route/explain}) and the control socket
 * ({@code upstream.*}, {@code cable.*}, {@code route.explain}). Timestamps are ISO-8601 strings.
 */
public final class RoutingViews {

    /** Params of {@code upstream.register} and body of {@code POST /upstreams}. */
    public record RegisterRequest(Integer port, String host, String root, String bundleId, String name) {
    }

    /** Params of {@code cable.connect} and body of {@code POST /cables}. */
    public record ConnectRequest(String client, String upstream) {
    }

    /**
     * Params of {@code route.explain} and body of {@code POST /route/explain}.
     *
     * @param headers    request headers (any case; first value)
     * @param cookie     a {@code Cookie} header, an {@code sb-route} value, or a client id
     * @param remotePort the source port (an upgrade is correlated with the HTTP request from that port)
     * @param remoteHost the source address, {@code 127.0.0.1} when absent
     * @param app        the {@code ?app=} value
     * @param upgrade    explain a WebSocket upgrade
     */
    public record ExplainRequest(Map<String, String> headers, String cookie, Integer remotePort, String remoteHost,
                                 String app, Boolean upgrade) {
    }

    private static final Pattern CLIENT_ID = Pattern.compile("\\bc-[a-z2-9]{16}\\b");
    private static final Pattern UPSTREAM_ID = Pattern.compile("\\bu-[a-z2-9]{6}\\b");

    private RoutingViews() {
    }

    /** @throws IllegalArgumentException when the port is missing or out of range, or the host is malformed */
    public static UpstreamSpec spec(RegisterRequest request) {
        if (request == null || request.port() == null) {
            throw new IllegalArgumentException("port is required (1..65535)");
        }
        return new UpstreamSpec(request.host(), request.port(), request.root(), request.bundleId(), request.name());
    }

    public static Map<String, Object> upstream(UpstreamStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", status.id());
        view.put("host", status.upstream().host());
        view.put("port", status.upstream().port());
        view.put("root", status.upstream().root());
        view.put("bundleId", status.upstream().bundleId());
        view.put("name", status.upstream().name());
        view.put("live", status.live());
        view.put("registeredAt", status.upstream().registeredAt().toString());
        return view;
    }

    public static List<Map<String, Object>> upstreamList(List<UpstreamStatus> upstreams) {
        List<Map<String, Object>> views = new ArrayList<>(upstreams.size());
        upstreams.forEach(u -> views.add(upstream(u)));
        return views;
    }

    /** {@code {upstreams: [...]}} in registration order. */
    public static Map<String, Object> upstreams(ChainRouteResolver resolver) {
        return Map.of("upstreams", upstreamList(resolver.upstreams().list()));
    }

    /** {@code {clients: [...], upstreams: [...], cables: [...]}}. */
    public static Map<String, Object> cables(CableListing listing) {
        List<Map<String, Object>> clients = new ArrayList<>();
        for (ClientView c : listing.clients()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("key", c.key());
            view.put("identifier", c.identifier());
            view.put("lastSeen", c.lastSeen().toString());
            view.put("upstream", c.upstream());
            view.put("method", c.method() == null ? null : c.method().wireName());
            clients.add(view);
        }
        List<Map<String, Object>> cables = new ArrayList<>();
        for (CableView c : listing.cables()) {
            Map<String, Object> view = cable(c);
            view.put("createdAt", c.createdAt().toString());
            cables.add(view);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", clients);
        result.put("upstreams", upstreamList(listing.upstreams()));
        result.put("cables", cables);
        return result;
    }

    /** {@code {client, upstream, pending}}: what {@code cable.connect} answers. */
    public static Map<String, Object> cable(CableView cable) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("client", cable.client());
        view.put("upstream", cable.upstream());
        view.put("pending", cable.pending());
        return view;
    }

    /** @throws IllegalArgumentException when a value is out of range */
    public static RouteRequest routeRequest(ExplainRequest request) {
        ExplainRequest r = request == null ? new ExplainRequest(null, null, null, null, null, null) : request;
        Map<String, String> headers = new HashMap<>();
        if (r.headers() != null) {
            r.headers().forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        String cookie = r.cookie() != null ? r.cookie() : headers.get("cookie");
        String clientId = null;
        String upstreamId = null;
        if (cookie != null) {
            Matcher client = CLIENT_ID.matcher(cookie);
            clientId = client.find() ? client.group() : null;
            Matcher upstream = UPSTREAM_ID.matcher(cookie);
            upstreamId = upstream.find() ? upstream.group() : null;
        }
        int port = r.remotePort() == null ? 0 : r.remotePort();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("remotePort must be 0..65535, was " + port);
        }
        String host = r.remoteHost() == null || r.remoteHost().isBlank() ? "127.0.0.1" : r.remoteHost().strip();
        return new RouteRequest(clientId, upstreamId, headers, host, port, Boolean.TRUE.equals(r.upgrade()), r.app());
    }

    public static Map<String, Object> explanation(RouteExplanation e) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (ExplainStep step : e.steps()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("method", step.method().wireName());
            view.put("matched", step.matched());
            view.put("upstream", step.upstream());
            view.put("why", step.why());
            steps.add(view);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("client", e.clientId());
        view.put("identity", e.identity());
        view.put("key", e.key());
        view.put("keySource", e.keySource());
        view.put("identifier", e.identifier());
        view.put("upstream", e.upstream());
        view.put("method", e.method() == null ? null : e.method().wireName());
        view.put("ambiguous", e.ambiguous());
        view.put("steps", steps);
        return view;
    }
}
