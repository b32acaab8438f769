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
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the proxy port. Requests are handled one at a time: route, take an upstream
 * connection on this loop, stream the request up and the response down with backpressure, then give the
 * connection back to the pool. A WebSocket upgrade that the upstream accepts turns this connection and its
 * upstream connection into a byte tunnel.
 *
 * <p>The client is read whenever there is somewhere for its bytes to go, including while a response is
 * on its way (so a client that leaves an event stream is noticed at once). A pipelined next request is held
 * in {@link #stashed} and reading stops (the {@code FlowControlHandler} in front keeps anything already
 * decoded) until the current exchange ends. A keep-alive client that waits for each answer, the common
 * case, thus never toggles autoRead, which on epoll costs a system call each time.
 *
 * <p>Longer than the house's ~400 lines because {@link Exchange}, the state machine of one request, is an
 * inner class: it shares the connection's state (current exchange, stashed request, closing, the 504
 * watchdog) on one event loop without locks, and splitting it out would only turn that state into an
 * interface between two classes that always change together.
 */
final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyFrontendHandler.class);

    static final String NAME = "proxy";
    static final AsciiString ROUTE_HEADER = AsciiString.cached("X-Switchboard-Route");

    private final RouteResolver resolver;
    private final UpstreamConnector connector;
    private final TunnelRegistry tunnels;
    private final ProxySettings settings;
    private final ProxyMeters meters;
    private Channel channel;
    private Exchange current;
    private HttpRequest stashed;
    private boolean closing;
    /** One timer per connection, re-armed lazily, instead of one scheduled and cancelled per request. */
    private ScheduledFuture<?> watchdog;
    /** The last Cookie header and what it said, and the last Set-Cookie written: one client per connection. */
    private String lastCookieHeader;
    private RouteCookie lastCookie;
    private String lastSetCookieFor;
    private String lastSetCookie;

    ProxyFrontendHandler(RouteResolver resolver, UpstreamConnector connector, TunnelRegistry tunnels,
                         ProxySettings settings, ProxyMeters meters) {
        this.resolver = resolver;
        this.connector = connector;
        this.tunnels = tunnels;
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
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
            Exchange exchange = current;
            if (exchange != null && !exchange.requestDone) {
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
        Exchange exchange = current;
        if (exchange != null && exchange.upstream != null) {
            exchange.upstream.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange exchange = current;
        if (exchange != null && exchange.upstream != null) {
            exchange.upstream.config().setAutoRead(channel.isWritable());
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
        Exchange exchange = current;
        if (exchange != null) {
            exchange.abandon();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // An idle keep-alive connection goes; one waiting on a slow response or streaming events stays.
        if (evt instanceof IdleStateEvent && current == null) {
            ctx.close();
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
        RouteRequest routeRequest = routeRequest(request, upgrade);
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
        current = new Exchange(request, decision, upgrade);
        current.start();
        updateRead();
    }

    /** The watchdog fired: 504 if the current exchange is past its deadline, else wait for what is left. */
    private void checkDeadline() {
        watchdog = null;
        Exchange exchange = current;
        if (exchange == null || closing) {
            return;
        }
        long now = System.nanoTime();
        long left = exchange.waiting(now);
        if (left < 0) {
            return;
        }
        if (exchange.deadline - now <= 0) {
            exchange.timedOut();
        } else {
            watchdog = channel.eventLoop().schedule(this::checkDeadline, left, TimeUnit.NANOSECONDS);
        }
    }

    /** The exchange ended: the stashed pipelined request, if any, is next. */
    private void next() {
        HttpRequest request = stashed;
        stashed = null;
        if (request != null && !closing && channel.isActive()) {
            onRequest(request);
        }
        updateRead();
    }

    private RouteRequest routeRequest(HttpRequest request, boolean upgrade) {
        HttpHeaders headers = request.headers();
        List<String> cookieHeaders = headers.getAll(HttpHeaderNames.COOKIE);
        String cookieHeader = cookieHeaders.isEmpty() ? null : cookieHeaders.size() == 1 ? cookieHeaders.get(0)
                : String.join("; ", cookieHeaders);
        RouteCookie cookie;
        if (cookieHeader != null && cookieHeader.equals(lastCookieHeader)) {
            cookie = lastCookie;
        } else {
            cookie = RouteCookie.parse(cookieHeader);
            lastCookieHeader = cookieHeader;
            lastCookie = cookie;
        }
        String app = null;
        if (request.uri().indexOf('?') >= 0) {
            List<String> apps = new QueryStringDecoder(request.uri()).parameters().get("app");
            app = apps == null || apps.isEmpty() || apps.get(0).isBlank() ? null : apps.get(0);
        }
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        String host = remote == null ? "unknown" : remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress();
        return new RouteRequest(cookie == null ? null : cookie.clientId(), cookie == null ? null : cookie.upstreamId(),
                ProxyHeaders.routingView(headers), host, remote == null ? 0 : remote.getPort(), upgrade, app);
    }

    /** Our own answer: cookie and route header when there is a decision; keep-alive if the client asked for it. */
    private void reply(FullHttpResponse response, RouteDecision decision, HttpRequest request, boolean mayKeepAlive) {
        decorate(response, decision);
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

    private void decorate(HttpResponse response, RouteDecision decision) {
        if (decision == null) {
            return;
        }
        String upstreamId = decision.routed() ? decision.upstream().id() : null;
        String key = upstreamId == null ? decision.clientId() : decision.clientId() + "." + upstreamId;
        String cookie;
        if (key.equals(lastSetCookieFor)) {
            cookie = lastSetCookie;
        } else {
            cookie = RouteCookie.setCookie(decision.clientId(), upstreamId, settings.cookieMaxAge());
            lastSetCookieFor = key;
            lastSetCookie = cookie;
        }
        if (cookie != null) {
            response.headers().add(HttpHeaderNames.SET_COOKIE, cookie);
        }
        if (decision.routed()) {
            response.headers().set(ROUTE_HEADER, decision.method().wireName() + " " + decision.upstream().id());
        }
    }

    /**
     * Reads from the client only when there is somewhere for the bytes to go: between exchanges (the next
     * request, or the rest of an answered one), or while the request body streams to a writable upstream.
     */
    private void updateRead() {
        Exchange exchange = current;
        boolean read;
        if (closing || !channel.isActive() || stashed != null) {
            read = false;
        } else if (exchange == null || exchange.requestDone) {
            read = true;
        } else {
            // The body goes to the upstream: wait for the connection, and for it to drain.
            read = exchange.upstream != null && exchange.upstream.isWritable();
        }
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    /** One request and its response, or one upgrade until it becomes a tunnel. Lives on the client's loop. */
    private final class Exchange implements UpstreamListener {

        private final HttpRequest request;
        private final RouteDecision decision;
        private final Upstream target;
        private final boolean upgrade;
        private final HttpRequest upstreamRequest;
        private final boolean clientAsksKeepAlive;
        private final long startNanos = System.nanoTime();
        private Channel upstream;
        private boolean reused;
        private boolean retried;
        private boolean bodySent;
        private boolean requestDone;
        private boolean responseStarted;
        private boolean responseDone;
        private boolean interim;
        private boolean relayInterim;
        private boolean switching;
        private boolean clientKeepAlive;
        private boolean upstreamReusable;
        private boolean finished;
        private long deadline;

        Exchange(HttpRequest request, RouteDecision decision, boolean upgrade) {
            this.request = request;
            this.decision = decision;
            this.target = decision.upstream();
            this.upgrade = upgrade;
            InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
            String client = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
            this.clientAsksKeepAlive = HttpUtil.isKeepAlive(request);
            this.upstreamRequest = ProxyHeaders.upstreamRequest(request, client, upgrade);
        }

        void start() {
            deadline = startNanos + settings.upstreamTimeout().toNanos();
            if (watchdog == null) {
                watchdog = channel.eventLoop().schedule(ProxyFrontendHandler.this::checkDeadline,
                        settings.upstreamTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            Channel pooled = upgrade ? null : connector.pooled(channel.eventLoop(), target);
            if (pooled != null) {
                reused = true;
                meters.reusedConnections.increment();
                attach(pooled);
            } else {
                connectFresh();
            }
        }

        private void connectFresh() {
            reused = false;
            upstream = null;
            updateRead();
            meters.newConnections.increment();
            ChannelFuture connecting = connector.connect(channel.eventLoop(), target);
            connecting.addListener((ChannelFuture f) -> {
                if (finished) {
                    f.channel().close();
                } else if (f.isSuccess()) {
                    attach(f.channel());
                } else {
                    failUnreachable("refused the connection (" + describe(f.cause()) + ")");
                }
            });
        }

        private void attach(Channel connection) {
            upstream = connection;
            UpstreamHandler.of(connection).bind(this);
            connection.config().setAutoRead(channel.isWritable());
            connection.write(upstreamRequest, connection.voidPromise());
            if (requestDone) {
                // A retry of a request whose (empty) body was already read from the client.
                connection.write(LastHttpContent.EMPTY_LAST_CONTENT, connection.voidPromise());
            }
            connection.flush();
            updateRead();
        }

        void requestContent(HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            if (last) {
                requestDone = true;
            }
            if (upstream == null || !upstream.isActive()) {
                // The upstream answered and hung up before reading all of the body: drop the rest.
                content.release();
                if (last) {
                    finishIfDone();
                }
                return;
            }
            if (content.content().isReadable()) {
                bodySent = true;
            }
            if (last) {
                upstream.writeAndFlush(content, upstream.voidPromise());
                updateRead();
                finishIfDone();
            } else {
                upstream.write(content, upstream.voidPromise());
                if (!upstream.isWritable()) {
                    channel.config().setAutoRead(false);
                }
            }
        }

        @Override
        public void responseHead(HttpResponse response) {
            if (finished) {
                return;
            }
            int code = response.status().code();
            if (response.decoderResult().isFailure()) {
                failBadGateway("sent a malformed response (" + describe(response.decoderResult().cause()) + ")");
                return;
            }
            if (code == 101 && upgrade) {
                settle();
                switching = true;
                HttpResponse out = ProxyHeaders.clientResponse(response, request, true);
                decorate(out, decision);
                channel.writeAndFlush(out);
                return;
            }
            if (code >= 100 && code < 200) {
                // 100 Continue, 103 Early Hints: relay to a client that understands them, then wait for the final
                // response. (A 101 to anything but a WebSocket upgrade is dropped the same way.)
                interim = true;
                relayInterim = code != 101 && request.protocolVersion().equals(HttpVersion.HTTP_1_1);
                if (relayInterim) {
                    channel.write(ProxyHeaders.clientResponse(response, request, true), channel.voidPromise());
                }
                return;
            }
            settle();
            clientKeepAlive = !upgrade && !closing && ProxyHeaders.keepsAlive(response, request, clientAsksKeepAlive);
            upstreamReusable = !upgrade && HttpUtil.isKeepAlive(response);
            HttpResponse out = ProxyHeaders.clientResponse(response, request, clientKeepAlive);
            decorate(out, decision);
            channel.write(out, channel.voidPromise());
        }

        /** The response head arrived: no more 504, and the latency is known. */
        private void settle() {
            responseStarted = true;
            meters.upstreamLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void responseContent(HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            if (finished || interim || switching || !responseStarted) {
                content.release();
                if (last && interim) {
                    interim = false;
                    if (relayInterim) {
                        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
                    }
                } else if (last && switching && !finished) {
                    becomeTunnel();
                }
                return;
            }
            if (content.decoderResult().isFailure()) {
                // The upstream died mid-body: the client must see a cut connection, not a complete response.
                content.release();
                log.debug("upstream {} broke off a response: {}", target.address(), content.decoderResult().cause());
                abandon();
                channel.close();
                return;
            }
            if (last) {
                responseDone = true;
                ChannelFuture written = channel.writeAndFlush(content);
                if (!clientKeepAlive) {
                    closing = true;
                    written.addListener(ChannelFutureListener.CLOSE);
                }
                finishIfDone();
            } else {
                channel.write(content, channel.voidPromise());
                if (!channel.isWritable()) {
                    upstream.config().setAutoRead(false);
                }
            }
        }

        @Override
        public void upstreamReadComplete() {
            channel.flush();
        }

        @Override
        public void upstreamWritabilityChanged() {
            updateRead();
        }

        @Override
        public void upstreamClosed(Throwable cause) {
            if (finished) {
                return;
            }
            Channel lost = upstream;
            upstream = null;
            if (lost != null) {
                lost.close();
            }
            if (!responseStarted) {
                if (reused && !retried && !bodySent && !upgrade) {
                    // A pooled connection the upstream had just timed out: nothing reached it, so try a new one.
                    retried = true;
                    connectFresh();
                    return;
                }
                String what = cause == null ? "closed the connection without answering"
                        : "reset the connection (" + describe(cause) + ")";
                if (reused) {
                    failBadGateway(what);
                } else {
                    failUnreachable(what);
                }
                return;
            }
            if (!responseDone || switching) {
                abandon();
                channel.close();
            } else {
                // Response complete; the upstream closed while the client was still sending: drop the rest.
                finishIfDone();
            }
        }

        /** Nanoseconds left before a 504 (at least 1), or -1 when no answer is awaited any more. */
        long waiting(long now) {
            return finished || responseStarted ? -1 : Math.max(1, deadline - now);
        }

        private void timedOut() {
            if (finished || responseStarted) {
                return;
            }
            meters.gatewayTimeout.increment();
            log.info("upstream {} did not answer {} {} within {} ms", target.address(), request.method(),
                    request.uri(), settings.upstreamTimeout().toMillis());
            fail(ProxyResponses.gatewayTimeout(channel.alloc(), target, settings.upstreamTimeout()));
        }

        private void failUnreachable(String what) {
            resolver.upstreamUnreachable(target.id());
            failBadGateway(what);
        }

        private void failBadGateway(String what) {
            meters.badGateway.increment();
            log.info("upstream {} {}: 502 for {} {}", target.address(), what, request.method(), request.uri());
            fail(ProxyResponses.badGateway(channel.alloc(), target, what));
        }

        /** Ends the exchange with our own answer; the upstream connection (if any) is closed, not pooled. */
        private void fail(FullHttpResponse response) {
            finished = true;
            dropUpstream();
            current = null;
            reply(response, decision, request, !upgrade && clientAsksKeepAlive);
            next();
        }

        private void finishIfDone() {
            if (finished || !requestDone || !responseDone) {
                return;
            }
            finished = true;
            Channel connection = upstream;
            upstream = null;
            if (connection != null) {
                UpstreamHandler.of(connection).unbind();
                if (upstreamReusable && connection.isActive()) {
                    connector.release(connection);
                } else {
                    connection.close();
                }
            }
            current = null;
            next();
        }

        /** The client went away, or the exchange broke beyond repair: close the upstream connection. */
        void abandon() {
            if (finished) {
                return;
            }
            finished = true;
            closing = true;
            dropUpstream();
            current = null;
        }

        private void dropUpstream() {
            Channel connection = upstream;
            upstream = null;
            if (connection != null) {
                UpstreamHandler handler = UpstreamHandler.of(connection);
                if (handler != null) {
                    handler.unbind();
                }
                connection.close();
            }
        }

        /** The upstream said 101 and its response is complete: from here on both connections are a tunnel. */
        private void becomeTunnel() {
            finished = true;
            current = null;
            closing = true;
            Channel connection = upstream;
            upstream = null;
            if (connection == null || !connection.isActive() || !channel.isActive()) {
                channel.close();
                if (connection != null) {
                    connection.close();
                }
                return;
            }
            UpstreamHandler.of(connection).unbind();
            // Order matters: whatever the removed handlers still hold (the flow queue, bytes the decoder read
            // past the request) is handed to the next handler, which must by then be the tunnel.
            ChannelPipeline client = channel.pipeline();
            client.addLast("tunnel-idle", new IdleStateHandler(0, 0, settings.tunnelIdleTimeout().toNanos(),
                    TimeUnit.NANOSECONDS));
            client.addLast(TunnelHandler.NAME, new TunnelHandler(connection));
            client.remove(ProxyInitializer.CLIENT_IDLE);
            client.remove(ProxyFrontendHandler.this);
            client.remove(ProxyInitializer.FLOW);
            client.remove(ProxyInitializer.CODEC);
            ChannelPipeline server = connection.pipeline();
            server.addLast(TunnelHandler.NAME, new TunnelHandler(channel));
            server.remove(UpstreamHandler.NAME);
            server.remove("codec");
            tunnels.add(decision.clientId(), channel);
            channel.config().setAutoRead(connection.isWritable());
            connection.config().setAutoRead(channel.isWritable());
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
