package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.core.routing.RouteResolver;
import dev.switchboard.core.routing.Upstream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the proxy port: reads request heads, asks the resolver where each goes
 * ({@link RouteRequestReader}), answers 503 itself when nowhere, and hands the request to a
 * {@link ProxyExchange}, which streams it to an upstream and the response back. Requests are handled one at a
 * time; when the exchange ends the connection is ready for the next, or becomes a tunnel
 * ({@link TunnelSplicer}) after an accepted WebSocket upgrade.
 *
 * <p>The client is read whenever there is somewhere for its bytes to go, including while a response is
 * on its way (so a client that leaves an event stream is noticed at once). A pipelined next request is held
 * in {@link #stashed} and reading stops (the {@code FlowControlHandler} in front keeps anything already
 * decoded) until the current exchange ends. A keep-alive client that waits for each answer, the common
 * case, thus never toggles autoRead, which on epoll costs a system call each time.
 *
 * <p>The connection's state (current exchange, stashed request, closing, the 504 watchdog) lives here, on one
 * event loop without locks; the exchange changes it only through the {@code exchange*} methods.
 */
final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyFrontendHandler.class);

    static final String NAME = "proxy";

    final RouteResolver resolver;
    final UpstreamConnector connector;
    final ProxySettings settings;
    final ProxyMeters meters;
    private final TunnelRegistry tunnels;
    private final RouteHeadersWriter routeHeaders;
    private RouteRequestReader routeRequests;
    private Channel channel;
    private ProxyExchange current;
    /** The pool key of the upstream last used: one client mostly goes to one upstream, request after request. */
    private Upstream poolKeyFor;
    private String poolKey;
    private HttpRequest stashed;
    private boolean closing;
    /** When the last exchange ended (or the connection opened): the idle timeout counts from here. */
    private long idleSince;
    /** One timer per connection, re-armed lazily, instead of one scheduled and cancelled per request. */
    private ScheduledFuture<?> watchdog;

    ProxyFrontendHandler(RouteResolver resolver, UpstreamConnector connector, TunnelRegistry tunnels,
                         ProxySettings settings, ProxyMeters meters) {
        this.resolver = resolver;
        this.connector = connector;
        this.tunnels = tunnels;
        this.settings = settings;
        this.meters = meters;
        this.routeHeaders = new RouteHeadersWriter(settings.cookieMaxAge());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        routeRequests = new RouteRequestReader(channel, List.copyOf(resolver.routingHeaders()));
        idleSince = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            if (closing) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (current != null) {
                if (stashed != null) {
                    // Reading stopped when the first was stashed; a second means the pipeline is broken.
                    ReferenceCountUtil.release(msg);
                    ctx.close();
                    return;
                }
                stashed = request;
                updateRead();
                return;
            }
            onRequest(request);
        }
        if (msg instanceof HttpContent content) {
            ProxyExchange exchange = current;
            if (exchange != null && !exchange.requestDone()) {
                exchange.requestContent(content);
            } else {
                // The rest of a request we already answered (503, 502, 504): read and drop it.
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ProxyExchange exchange = current;
        if (exchange != null && exchange.upstream() != null) {
            exchange.upstream().flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ProxyExchange exchange = current;
        if (exchange != null && exchange.upstream() != null) {
            exchange.upstream().config().setAutoRead(channel.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        ProxyExchange exchange = current;
        if (exchange != null) {
            exchange.abandon();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // An idle keep-alive connection goes; one waiting on a slow response or streaming events stays. The
        // idle handler watches reads only (watching writes costs a promise and a listener per write), so
        // "idle" is: no exchange, and none ended within the timeout either.
        if (evt instanceof IdleStateEvent) {
            if (current == null && System.nanoTime() - idleSince >= settings.tunnelIdleTimeout().toNanos()) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("proxy client connection {} failed", channel.remoteAddress(), cause);
        ctx.close();
    }

    private void onRequest(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            closing = true;
            channel.writeAndFlush(ProxyResponses.unparseable(channel.alloc(), request.decoderResult().cause()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean upgrade = ProxyHeaders.isWebSocketUpgrade(request);
        RouteRequest routeRequest = routeRequests.read(request, upgrade);
        RouteDecision decision;
        try {
            decision = resolver.resolve(routeRequest);
        } catch (RuntimeException e) {
            log.error("route resolution failed for {} {}", request.method(), request.uri(), e);
            decision = null;
        }
        if (decision == null || !decision.routed()) {
            meters.unrouted.increment();
            meters.noUpstream.increment();
            reply(ProxyResponses.noUpstream(channel.alloc(), routeRequest.app()), decision, request,
                    !upgrade && HttpUtil.isKeepAlive(request));
            return;
        }
        meters.routed(decision.method(), upgrade);
        current = new ProxyExchange(this, request, decision, upgrade);
        current.start();
        updateRead();
    }

    /** The watchdog fired: 504 if the current exchange is past its deadline, else wait for what is left. */
    private void checkDeadline() {
        watchdog = null;
        ProxyExchange exchange = current;
        if (exchange == null || closing) {
            return;
        }
        long now = System.nanoTime();
        long left = exchange.waiting(now);
        if (left < 0) {
            return;
        }
        if (exchange.deadline() - now <= 0) {
            exchange.timedOut();
        } else {
            watchdog = channel.eventLoop().schedule(this::checkDeadline, left, TimeUnit.NANOSECONDS);
        }
    }

    /** The exchange ended: the stashed pipelined request, if any, is next. */
    private void next() {
        idleSince = System.nanoTime();
        HttpRequest request = stashed;
        stashed = null;
        if (request != null && !closing && channel.isActive()) {
            onRequest(request);
        }
        updateRead();
    }

    /** Our own answer: cookie and route header when there is a decision; keep-alive if the client asked for it. */
    private void reply(FullHttpResponse response, RouteDecision decision, HttpRequest request, boolean mayKeepAlive) {
        routeHeaders.decorate(response, decision);
        boolean keepAlive = mayKeepAlive && !closing;
        if (!keepAlive) {
            closing = true;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!request.protocolVersion().isKeepAliveDefault()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ChannelFuture written = channel.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ----------------------------------------------------------------- what the current exchange tells us

    Channel channel() {
        return channel;
    }

    RouteHeadersWriter routeHeaders() {
        return routeHeaders;
    }

    boolean isClosing() {
        return closing;
    }

    /** {@link UpstreamConnector#key} of this upstream, built once per client connection and upstream. */
    String poolKey(Upstream upstream) {
        if (upstream != poolKeyFor) {
            poolKey = UpstreamConnector.key(upstream);
            poolKeyFor = upstream;
        }
        return poolKey;
    }

    /** The connection closes after the response being written. */
    void markClosing() {
        closing = true;
    }

    /** Arms the 504 watchdog unless it is already running (it re-arms itself for the current exchange). */
    void armWatchdog() {
        if (watchdog == null) {
            watchdog = channel.eventLoop().schedule(this::checkDeadline, settings.upstreamTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The exchange completed: the stashed pipelined request, if any, is next. */
    void exchangeEnded() {
        current = null;
        next();
    }

    /** The exchange failed before a response started: our own answer goes out, then the next request. */
    void exchangeFailed(FullHttpResponse response, RouteDecision decision, HttpRequest request, boolean mayKeepAlive) {
        current = null;
        reply(response, decision, request, mayKeepAlive);
        next();
    }

    /** The client went away or the exchange broke beyond repair: nothing more is read or answered. */
    void exchangeAbandoned() {
        closing = true;
        current = null;
    }

    /** The upstream accepted the upgrade: this connection stops being HTTP. */
    void exchangeBecameTunnel(Channel upstream, String clientId) {
        current = null;
        closing = true;
        TunnelSplicer.splice(channel, upstream, this, settings.tunnelIdleTimeout(), tunnels, clientId);
    }

    /**
     * Reads from the client only when there is somewhere for the bytes to go: between exchanges (the next
     * request, or the rest of an answered one), or while the request body streams to a writable upstream.
     */
    void updateRead() {
        ProxyExchange exchange = current;
        boolean read;
        if (closing || !channel.isActive() || stashed != null) {
            read = false;
        } else if (exchange == null || exchange.requestDone()) {
            read = true;
        } else {
            // The body goes to the upstream: wait for the connection, and for it to drain.
            read = exchange.upstream() != null && exchange.upstream().isWritable();
        }
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
