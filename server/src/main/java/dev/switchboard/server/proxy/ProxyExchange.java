package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.Upstream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, or one upgrade until it becomes a tunnel: takes an upstream connection,
 * streams the request up and the response down with backpressure, relays interim answers, answers 502/504
 * itself when the upstream fails, retries once on a pooled connection the upstream had just closed, and
 * gives the connection back to the pool. Lives on the client connection's event loop; the connection's own
 * state (whether it is closing, the pipelined request waiting behind this one) stays with
 * {@link ProxyFrontendHandler}, which this tells when the exchange ends.
 */
/** One request and its response, or one upgrade until it becomes a tunnel. Lives on the client's loop. */
final class ProxyExchange implements UpstreamListener {

    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private final ProxyFrontendHandler client;
    private final Channel channel;
    private final ProxySettings settings;
    private final ProxyMeters meters;

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

    ProxyExchange(ProxyFrontendHandler client, HttpRequest request, RouteDecision decision, boolean upgrade) {
        this.client = client;
        this.channel = client.channel();
        this.settings = client.settings;
        this.meters = client.meters;
        this.request = request;
        this.decision = decision;
        this.target = decision.upstream();
        this.upgrade = upgrade;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        String address = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        this.clientAsksKeepAlive = HttpUtil.isKeepAlive(request);
        this.upstreamRequest = ProxyHeaders.upstreamRequest(request, address, upgrade);
    }

    void start() {
        deadline = startNanos + settings.upstreamTimeout().toNanos();
        client.armWatchdog();
        Channel pooled = upgrade ? null : client.connector.pooled(channel.eventLoop(), client.poolKey(target));
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
        client.updateRead();
        meters.newConnections.increment();
        ChannelFuture connecting = client.connector.connect(channel.eventLoop(), target, client.poolKey(target));
        connecting.addListener((ChannelFuture f) -> {
            if (finished) {
                f.channel().close();
            } else if (f.isSuccess()) {
                attach(f.channel());
            } else {
                failUnreachable("refused the connection (" + ProxyResponses.describe(f.cause()) + ")");
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
        client.updateRead();
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
            client.updateRead();
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
            failBadGateway("sent a malformed response (" + ProxyResponses.describe(response.decoderResult().cause()) + ")");
            return;
        }
        if (code == 101 && upgrade) {
            settle();
            switching = true;
            HttpResponse out = ProxyHeaders.clientResponse(response, request, true);
            client.routeHeaders().decorate(out, decision);
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
        clientKeepAlive = !upgrade && !client.isClosing() && ProxyHeaders.keepsAlive(response, request, clientAsksKeepAlive);
        upstreamReusable = !upgrade && HttpUtil.isKeepAlive(response);
        HttpResponse out = ProxyHeaders.clientResponse(response, request, clientKeepAlive);
        client.routeHeaders().decorate(out, decision);
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
            if (clientKeepAlive) {
                channel.writeAndFlush(content, channel.voidPromise());
            } else {
                client.markClosing();
                channel.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
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
        client.updateRead();
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
                    : "reset the connection (" + ProxyResponses.describe(cause) + ")";
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

    Channel upstream() {
        return upstream;
    }

    boolean requestDone() {
        return requestDone;
    }

    long deadline() {
        return deadline;
    }

    /** Nanoseconds left before a 504 (at least 1), or -1 when no answer is awaited any more. */
    long waiting(long now) {
        return finished || responseStarted ? -1 : Math.max(1, deadline - now);
    }

    void timedOut() {
        if (finished || responseStarted) {
            return;
        }
        meters.gatewayTimeout.increment();
        log.info("upstream {} did not answer {} {} within {} ms", target.address(), request.method(),
                request.uri(), settings.upstreamTimeout().toMillis());
        fail(ProxyResponses.gatewayTimeout(channel.alloc(), target, settings.upstreamTimeout()));
    }

    private void failUnreachable(String what) {
        client.resolver.upstreamUnreachable(target.id());
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
        client.exchangeFailed(response, decision, request, !upgrade && clientAsksKeepAlive);
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
                client.connector.release(connection);
            } else {
                connection.close();
            }
        }
        client.exchangeEnded();
    }

    /** The client went away, or the exchange broke beyond repair: close the upstream connection. */
    void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        dropUpstream();
        client.exchangeAbandoned();
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
        Channel connection = upstream;
        upstream = null;
        client.exchangeBecameTunnel(connection, decision.clientId());
    }
}
