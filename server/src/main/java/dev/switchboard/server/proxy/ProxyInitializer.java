package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteResolver;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a client connection on the proxy port: idle timer, HTTP codec (no aggregation: bodies
 * stream), a {@link FlowControlHandler} so that with autoRead off not even an already-decoded message
 * reaches the proxy handler before it asks, and the {@link ProxyFrontendHandler}.
 */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {

    static final String CLIENT_IDLE = "client-idle";
    static final String CODEC = "http-codec";
    static final String FLOW = "flow";

    private final RouteResolver resolver;
    private final UpstreamConnector connector;
    private final TunnelRegistry tunnels;
    private final ProxySettings settings;
    private final ProxyMeters meters;
    private final ChannelGroup clients;

    ProxyInitializer(RouteResolver resolver, UpstreamConnector connector, TunnelRegistry tunnels,
                     ProxySettings settings, ProxyMeters meters, ChannelGroup clients) {
        this.resolver = resolver;
        this.connector = connector;
        this.tunnels = tunnels;
        this.settings = settings;
        this.meters = meters;
        this.clients = clients;
    }

    /** Headers up to 64 KiB (dev servers' cookies and CSPs are large), request lines up to 16 KiB. */
    static HttpServerCodec serverCodec() {
        return new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(64 * 1024).setMaxInitialLineLength(16 * 1024));
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        clients.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        // Reader-idle only: an all-idle handler turns every write's void promise into a real one with a
        // listener; the frontend handler itself knows when the last exchange ended.
        pipeline.addLast(CLIENT_IDLE, new IdleStateHandler(settings.tunnelIdleTimeout().toNanos(), 0, 0,
                TimeUnit.NANOSECONDS));
        pipeline.addLast(CODEC, serverCodec());
        pipeline.addLast(FLOW, new FlowControlHandler());
        pipeline.addLast(ProxyFrontendHandler.NAME,
                new ProxyFrontendHandler(resolver, connector, tunnels, settings, meters));
    }
}
