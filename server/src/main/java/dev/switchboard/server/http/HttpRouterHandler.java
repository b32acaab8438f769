package dev.switchboard.server.http;

import dev.switchboard.server.api.ApiHandler;
import dev.switchboard.server.appws.AppUpgradeHandler;
import dev.switchboard.server.ws.WebSocketUpgradeHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each HTTP request on the gateway port to its door: device or app WebSocket upgrade, API, or health. */
@io.netty.channel.ChannelHandler.Sharable
public final class HttpRouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRouterHandler.class);

    private final String webSocketPath;
    private final WebSocketUpgradeHandler upgrades;
    private final ApiHandler api;
    private final HealthEndpoints health;
    private final HttpResponses responses;
    private final BooleanSupplier accepting;
    private final AppUpgradeHandler appUpgrades;

    /** @param appUpgrades the {@code /app-ws} door */
    public HttpRouterHandler(String webSocketPath, WebSocketUpgradeHandler upgrades, ApiHandler api,
                             HealthEndpoints health, HttpResponses responses, BooleanSupplier accepting,
                             AppUpgradeHandler appUpgrades) {
        this.appUpgrades = appUpgrades;
        this.webSocketPath = webSocketPath;
        this.upgrades = upgrades;
        this.api = api;
        this.health = health;
        this.responses = responses;
        this.accepting = accepting;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            boolean tooLong = decoded.cause() instanceof TooLongFrameException;
            responses.error(ctx, null, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request: " + decoded.cause());
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals(webSocketPath)) {
            if (!accepting.getAsBoolean()) {
                responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "draining",
                        "the gateway is shutting down; reconnect to another node or retry shortly");
                return;
            }
            upgrades.upgrade(ctx, request);
        } else if (path.equals(AppUpgradeHandler.PATH)) {
            if (!accepting.getAsBoolean()) {
                responses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "draining",
                        "the gateway is shutting down; reconnect to another node or retry shortly");
                return;
            }
            appUpgrades.upgrade(ctx, request);
        } else if (api.handles(path)) {
            api.handle(ctx, request, uri);
        } else if (!health.handle(ctx, request, uri)) {
            responses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "no resource at " + path);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // an HTTP connection that went quiet; upgraded lines have their own heartbeat
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
