package dev.switchboard.server.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.auth.TokenRejectedException;
import dev.switchboard.core.auth.TokenVerifier;
import dev.switchboard.core.cluster.ClusterUnavailableException;
import dev.switchboard.core.cluster.PresenceRecord;
import dev.switchboard.core.hub.Admission;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.identity.Principal;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.core.session.ResumeRefusedException;
import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.core.session.UserSession;
import dev.switchboard.server.config.WebSocketConfig;
import dev.switchboard.server.http.BearerCredential;
import dev.switchboard.server.http.HttpResponses;
import dev.switchboard.server.metrics.GatewayMeters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code GET /ws} into a device line, refusing early: the token is checked (401), a resume checked
 * (400/403/409/410) and the device claimed (409) before any upgrade, so a refused client gets a plain HTTP
 * answer with a JSON reason.
 */
public final class WebSocketUpgradeHandler {

    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgradeHandler.class);

    private final Hub hub;
    private final TokenVerifier verifier;
    private final WebSocketConfig config;
    private final GatewayMeters meters;
    private final HttpResponses responses;
    private final ServerFrames frames;
    private final ClientMessageDispatcher dispatcher;
    private final LineIds ids;
    private final Clock clock;
    private final WebSocketDecoderConfig decoderConfig;
    private final PairingService pairing;
    private final SessionRegistry sessions;

    /** The line was bound to a session that ended or was taken by another line before its upgrade finished. */
    static final CloseReason SESSION_LOST = new CloseReason(4003, "session lost; reconnect without resume");

    public WebSocketUpgradeHandler(Hub hub, TokenVerifier verifier, WebSocketConfig config, GatewayMeters meters,
                                   ObjectMapper json, LineIds ids, Clock clock, PairingService pairing,
                                   PairingFrames pairingFrames, SessionRegistry sessions) {
        this.sessions = sessions;
        this.hub = hub;
        this.verifier = verifier;
        this.config = config;
        this.meters = meters;
        this.responses = new HttpResponses(json);
        this.frames = new ServerFrames(json);
        this.dispatcher = new ClientMessageDispatcher(hub, json, frames, pairing, pairingFrames, sessions);
        this.pairing = pairing;
        this.ids = ids;
        this.clock = clock;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(Math.toIntExact(config.maxMessageSize()))
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
    }

    /** Handles a request for the WebSocket path; the caller has already matched the path. */
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) || !isUpgrade(request)) {
            responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "upgrade_required",
                    "GET " + config.path() + " must be a WebSocket upgrade request");
            return;
        }
        String token = tokenOf(request);
        Principal principal;
        try {
            principal = verifier.verify(token);
        } catch (TokenRejectedException e) {
            meters.rejected(e.reason().code());
            log.debug("refuse {} from {}: {}", config.path(), ctx.channel().remoteAddress(), e.getMessage());
            responses.error(ctx, request, HttpResponseStatus.UNAUTHORIZED, e.reason().code(), e.getMessage());
            return;
        }
        ResumeRequest resume;
        try {
            resume = ResumeRequest.of(new QueryStringDecoder(request.uri()).parameters());
        } catch (IllegalArgumentException e) {
            meters.rejected("bad_resume");
            responses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_resume", e.getMessage());
            return;
        }
        String lineId = ids.nextLineId();
        WebSocketLine line = new WebSocketLine(lineId, ids.sessionIdFor(lineId), principal, ctx.channel(),
                clock.instant(), meters, config.maxOutboundBuffer());
        UserSession session = null;
        if (resume != null) {
            try {
                session = sessions.claim(resume.token(), principal, resume.lastSeq(), line);
            } catch (ResumeRefusedException e) {
                meters.rejected(e.refusal().code());
                responses.error(ctx, request, ResumeRequest.status(e.refusal()), e.refusal().code(), e.getMessage());
                return;
            }
            line.bind(session);
        }
        // A resume proved with its token that it is this device coming back: it replaces a line still held.
        Admission admission;
        try {
            admission = resume != null ? hub.admitReplacing(line) : hub.admit(line);
        } catch (ClusterUnavailableException e) {
            // The cluster's presence store (Redis) cannot say whether the device is free: a retryable refusal.
            log.warn("[{}] refused: {}", lineId, e.getMessage());
            meters.rejected("cluster_unavailable");
            responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "cluster_unavailable",
                    "the cluster store is unreachable, so this device cannot be admitted now; retry shortly "
                            + "or connect to another node");
            return;
        }
        if (!admission.admitted()) {
            PresenceRecord holder = admission.conflicting().orElseThrow();
            refuseDuplicate(ctx, request, holder);
            return;
        }
        if (session == null) {
            session = sessions.create(line.sessionId(), principal, line);
            line.bind(session);
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                webSocketUrl(request), null, decoderConfig).newHandshaker(request);
        if (handshaker == null) {
            hub.remove(line);
            sessions.lineGone(session, line, true);
            meters.rejected("unsupported_version");
            responses.json(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED,
                    HttpResponses.errorBody("unsupported_version", "this gateway speaks WebSocket version 13 "
                            + "(RFC 6455); the request asked for " + request.headers().get("Sec-WebSocket-Version")),
                    Map.of("Sec-WebSocket-Version", "13"));
            return;
        }
        installLineHandlers(ctx.pipeline(), ctx.name(), line);
        long fromSeq = resume == null ? 0 : resume.lastSeq();
        boolean resumed = resume != null;
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (f.isSuccess()) {
                opened(line, fromSeq, resumed);
            } else {
                log.debug("[{}] handshake failed: {}", lineId, f.cause().toString());
                ctx.channel().close();
                // The channel may have gone before the line's handlers were there to see it go.
                hub.remove(line);
                sessions.lineGone(line.session(), line, true);
            }
        });
    }

    private void installLineHandlers(ChannelPipeline pipeline, String routerName, WebSocketLine line) {
        // RFC 6455: text must be valid UTF-8, else close 1007; Netty's validator does it per frame.
        pipeline.addAfter(routerName, "ws-utf8", new Utf8FrameValidator());
        pipeline.addAfter("ws-utf8", "ws-aggregator",
                new WebSocketFrameAggregator(Math.toIntExact(config.maxMessageSize())));
        pipeline.addAfter("ws-aggregator", "ws-slow", new SlowConsumerHandler(line, config.writeTimeout()));
        pipeline.addAfter("ws-slow", "ws-frames", new DeviceFrameHandler(line, hub, dispatcher, frames, meters, pairing,
                sessions));
        pipeline.remove(routerName);
        if (pipeline.get("http-idle") != null) {
            pipeline.remove("http-idle");
        }
    }

    private void opened(WebSocketLine line, long fromSeq, boolean resumed) {
        Channel channel = line.channel();
        channel.pipeline().addFirst("ws-heartbeat",
                HeartbeatHandler.forDevice(line, meters, config.pingInterval(), config.idleTimeout()));
        line.markUpgraded();
        closeWhenTokenExpires(line);
        hub.open(line);
        meters.handshakesAccepted.increment();
        // The ack, then the replay, written in place under the session's lock: nothing can slip in between.
        boolean bound = line.session().connected(line, fromSeq, resumed,
                attached -> line.send(frames.encode(channel.alloc(), ack(line, attached))));
        if (!bound) {
            if (line.session().state() == dev.switchboard.core.session.SessionState.ERROR) {
                sessions.end(line.session(), "error");
            }
            line.close(SESSION_LOST);
            return;
        }
        // DEBUG: at thousands of handshakes a second one INFO line each was a visible share of the handshake.
        log.debug("[{}] open user={} device={} session={} from {}", line.id(), line.principal().userId(),
                line.principal().deviceId(), line.sessionId(), line.remoteAddress());
    }

    /** A line lives no longer than the token it was opened with; the client reconnects with a fresh one. */
    private void closeWhenTokenExpires(WebSocketLine line) {
        java.time.Instant expiresAt = line.principal().expiresAt();
        if (expiresAt != null) {
            long delayMillis = Math.max(0, java.time.Duration.between(clock.instant(), expiresAt).toMillis());
            line.closeAfter(java.time.Duration.ofMillis(delayMillis), CloseReason.TOKEN_EXPIRED);
        }
    }

    private ObjectNode ack(WebSocketLine line, UserSession.Attached attached) {
        ObjectNode ack = frames.object("connection_ack");
        ack.put("connectionId", line.id());
        ack.put("sessionId", attached.sessionId());
        ack.put("resumeToken", attached.resumeToken());
        ack.put("resumed", attached.resumed());
        if (attached.resumed()) {
            ack.put("recovered", attached.recovered());
            ack.put("replayed", attached.replayed());
        }
        ack.put("lastSeq", attached.lastSeq());
        ack.put("resumeGraceMs", sessions.settings().resumeGrace().toMillis());
        ack.put("userId", line.principal().userId());
        ack.put("deviceId", line.principal().deviceId());
        ack.put("node", hub.nodeId());
        ObjectNode heartbeat = ack.putObject("heartbeat");
        heartbeat.put("pingIntervalMs", config.pingInterval().toMillis());
        heartbeat.put("idleTimeoutMs", config.idleTimeout().toMillis());
        ack.put("maxMessageSize", config.maxMessageSize());
        return ack;
    }

    /**
     * 409 with what the client needs to decide: which line holds the device, how long it has been silent and,
     * as Retry-After, when the heartbeat will have closed it if it is a dead connection the server has not
     * noticed yet (a phone that changed networks reconnects before its old socket times out).
     */
    private void refuseDuplicate(ChannelHandlerContext ctx, FullHttpRequest request, PresenceRecord holder) {
        Map<String, Object> body = conflictBody(holder);
        Map<String, String> headers = Map.of();
        java.util.Optional<dev.switchboard.core.hub.Line> holding = hub.line(holder.lineId());
        if (holding.isPresent() && holding.get() instanceof WebSocketLine old) {
            java.time.Duration silence = old.silence();
            long retryAfter = Math.max(1, config.idleTimeout().minus(silence).toSeconds() + 1);
            body.put("silentForSeconds", silence.toSeconds());
            body.put("retryAfterSeconds", retryAfter);
            headers = Map.of("Retry-After", String.valueOf(retryAfter));
        }
        responses.json(ctx, request, HttpResponseStatus.CONFLICT, body, headers);
    }

    private static Map<String, Object> conflictBody(PresenceRecord holder) {
        Map<String, Object> body = new LinkedHashMap<>(HttpResponses.errorBody("duplicate_device",
                "device " + holder.deviceId() + " is already connected; close that line first, or run the "
                        + "gateway with websocket.duplicatePolicy=replace"));
        body.put("connectionId", holder.lineId());
        body.put("connectedSince", holder.since().toString());
        body.put("node", holder.nodeId());
        return body;
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** The token from {@code ?token=} or, failing that, {@code Authorization: Bearer}; null when neither. */
    static String tokenOf(FullHttpRequest request) {
        List<String> fromQuery = new QueryStringDecoder(request.uri()).parameters().get("token");
        if (fromQuery != null && !fromQuery.isEmpty() && !fromQuery.get(0).isBlank()) {
            return fromQuery.get(0).trim();
        }
        String token = BearerCredential.of(request);
        return token == null || token.isEmpty() ? null : token;
    }

    private static String webSocketUrl(FullHttpRequest request) {
        String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        return "ws://" + host + new QueryStringDecoder(request.uri()).path();
    }
}
