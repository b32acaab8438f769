package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.RouteResolver;
import dev.switchboard.server.http.Transports;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;

/**
 * The dev routing proxy's listener, on the node's event loops. {@link #close()} stops accepting, closes
 * every tunnel (WebSocket clients see the close and reconnect to whichever node comes back), every client
 * connection and every pooled upstream connection. The event loops belong to the node.
 */
public final class ProxyServer implements AutoCloseable {

    /** Up to 256 KiB queued per direction before the other side stops reading. */
    /**
     * The proxy's connections (client and upstream sides share it: a chunk read on one is written on the
     * other) use Netty's pooled allocator with its thread caches: measured with bench/proxy/run.sh it costs
     * about 1.5 us less CPU per proxied request than the adaptive default, which allocates every encoded head
     * and every read buffer from shared magazines.
     */
    public static final PooledByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final Channel serverChannel;
    private final TunnelRegistry tunnels;
    private final UpstreamConnector connector;
    private final ChannelGroup clients;

    private ProxyServer(Channel serverChannel, TunnelRegistry tunnels, UpstreamConnector connector,
                        ChannelGroup clients) {
        this.serverChannel = serverChannel;
        this.tunnels = tunnels;
        this.connector = connector;
        this.clients = clients;
    }

    /** Binds and starts accepting; port 0 picks a free port, see {@link #port()}. */
    public static ProxyServer bind(String host, int port, RouteResolver resolver, ProxySettings settings,
                                   MeterRegistry registry, EventLoopGroup boss, EventLoopGroup workers)
            throws InterruptedException {
        TunnelRegistry tunnels = new TunnelRegistry();
        UpstreamConnector connector = new UpstreamConnector(settings, WATER_MARK);
        ProxyMeters meters = new ProxyMeters(registry, tunnels::size);
        ChannelGroup clients = new DefaultChannelGroup("proxy-clients", GlobalEventExecutor.INSTANCE);
        Channel channel = Transports.listener(boss, workers)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ProxyInitializer(resolver, connector, tunnels, settings, meters, clients))
                .bind(host, port).sync().channel();
        // An operator's cable change closes that client's tunnels, so its HMR client reconnects and is re-routed.
        resolver.onRemap(tunnels::closeClient);
        return new ProxyServer(channel, tunnels, connector, clients);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** WebSocket tunnels open now. */
    public int openTunnels() {
        return tunnels.size();
    }

    /** Upstream connections open now, idle in the pool or busy. */
    public int upstreamConnections() {
        return connector.openConnections();
    }

    /** Stops accepting new connections; open ones carry on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stopAccepting();
        tunnels.closeAll();
        clients.close().awaitUninterruptibly();
        connector.close();
    }
}
