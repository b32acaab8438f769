package dev.switchboard.server.appws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.app.AppService;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.server.config.WebSocketConfig;
import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.ws.HeartbeatHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns {@code GET /app-ws} into an app line. No token: the app proves itself with the API key in its first
 * message, within {@code initDeadline} ({@code apps.connectDeadline}). Open app lines are listed (with their
 * last-seen time) until their channel closes.
 */
public final class AppUpgradeHandler {

    public static final String PATH = "/app-ws";

    private final AppService apps;
    private final WebSocketConfig websocket;
    private final Duration initDeadline;
    private final ObjectMapper json;
    private final HttpResponses responses;
    private final Clock clock;
    private final WebSocketDecoderConfig decoderConfig;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, AppChannelLine> lines = new ConcurrentHashMap<>();

    public AppUpgradeHandler(AppService apps, WebSocketConfig websocket, Duration initDeadline, ObjectMapper json,
                             Clock clock, MeterRegistry meters) {
        this.apps = apps;
        this.websocket = websocket;
        this.initDeadline = initDeadline;
        this.json = json;
        this.responses = new HttpResponses(json);
        this.clock = clock;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(Math.toIntExact(websocket.maxMessageSize()))
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
        Gauge.builder("switchboard.apps.lines", lines, ConcurrentHashMap::size)
                .description("Open /app-ws lines (initialised or not)").register(meters);
    }

    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) || !isUpgrade(request)) {
            responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "upgrade_required",
                    "GET " + PATH + " must be a WebSocket upgrade request");
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://" + host + PATH, null,
                decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        AppChannelLine line = new AppChannelLine("a-" + Long.toString(ids.incrementAndGet(), 36), ctx.channel(),
                clock.instant(), websocket.maxOutboundBuffer());
        AppFrameHandler frames = new AppFrameHandler(line, apps, json, initDeadline, gone -> lines.remove(gone.id()));
        ChannelPipeline pipeline = ctx.pipeline();
        String router = ctx.name();
        pipeline.addAfter(router, "app-utf8", new Utf8FrameValidator());
        pipeline.addAfter("app-utf8", "app-aggregator",
                new WebSocketFrameAggregator(Math.toIntExact(websocket.maxMessageSize())));
        pipeline.addAfter("app-aggregator", "app-frames", frames);
        pipeline.remove(router);
        if (pipeline.get("http-idle") != null) {
            pipeline.remove("http-idle");
        }
        lines.put(line.id(), line);
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (f.isSuccess()) {
                line.channel().pipeline().addFirst("app-heartbeat",
                        new HeartbeatHandler(line::isClosing, () -> line.close(CloseReason.HEARTBEAT_TIMEOUT.code(),
                                "heartbeat_timeout: nothing heard from the app"), websocket.pingInterval(),
                                websocket.idleTimeout()));
                frames.opened(line.channel().pipeline().context(frames));
            } else {
                lines.remove(line.id());
                line.channel().close();
            }
        });
    }

    /** What the listing shows of an open app line. */
    public record LineView(String id, String remoteAddress, Instant connectedAt, Instant lastSeen) {
    }

    public List<LineView> lines() {
        List<LineView> out = new ArrayList<>();
        for (AppChannelLine line : lines.values()) {
            out.add(new LineView(line.id(), String.valueOf(line.channel().remoteAddress()), line.connectedAt(),
                    line.lastSeen()));
        }
        return out;
    }

    public int lineCount() {
        return lines.size();
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }
}
