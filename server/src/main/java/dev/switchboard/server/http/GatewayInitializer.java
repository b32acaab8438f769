package dev.switchboard.server.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a new connection on the gateway port: HTTP until the router hands it to a door. An
 * upgraded line swaps the router and the idle timer for its WebSocket handlers. Until then, a connection
 * that goes quiet for the handshake timeout (no complete request, or an idle keep-alive) is closed, so
 * half-open sockets cannot pile up before authentication.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {

    private final HttpRouterHandler router;
    private final int maxRequestSize;
    private final Duration httpIdleTimeout;
    private final HttpResponses responses;

    public GatewayInitializer(HttpRouterHandler router, int maxRequestSize, Duration httpIdleTimeout,
                              HttpResponses responses) {
        this.router = router;
        this.responses = responses;
        this.maxRequestSize = maxRequestSize;
        this.httpIdleTimeout = httpIdleTimeout;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http-idle", new IdleStateHandler(0, 0, httpIdleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        pipeline.addLast("http-codec", new HttpServerCodec());
        pipeline.addLast("http-aggregator", new JsonHttpObjectAggregator(maxRequestSize, responses));
        pipeline.addLast("http-router", router);
    }
}
