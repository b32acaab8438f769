package dev.switchboard.server.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Turns a client connection and its upstream connection, after the upstream's {@code 101}, into a raw byte
 * tunnel: both drop their HTTP handlers, each gets a {@link TunnelHandler} writing to the other, and the
 * client side an idle timer. The tunnel is registered under the client id so a remap can close it.
 */
final class TunnelSplicer {

    private TunnelSplicer() {
    }

    /**
     * @param frontend the client connection's proxy handler, removed with the codec
     * @return false when either side has already gone (both are then closed)
     */
    static boolean splice(Channel channel, Channel connection, ChannelHandler frontend, Duration idleTimeout,
                          TunnelRegistry tunnels, String clientId) {
        if (connection == null || !connection.isActive() || !channel.isActive()) {
            channel.close();
            if (connection != null) {
                connection.close();
            }
            return false;
        }
        UpstreamHandler.of(connection).unbind();
        // Order matters: whatever the removed handlers still hold (the flow queue, bytes the decoder read
        // past the request) is handed to the next handler, which must by then be the tunnel.
        ChannelPipeline client = channel.pipeline();
        client.addLast("tunnel-idle", new IdleStateHandler(0, 0, idleTimeout.toNanos(), TimeUnit.NANOSECONDS));
        client.addLast(TunnelHandler.NAME, new TunnelHandler(connection));
        client.remove(ProxyInitializer.CLIENT_IDLE);
        client.remove(frontend);
        client.remove(ProxyInitializer.FLOW);
        client.remove(ProxyInitializer.CODEC);
        ChannelPipeline server = connection.pipeline();
        server.addLast(TunnelHandler.NAME, new TunnelHandler(channel));
        server.remove(UpstreamHandler.NAME);
        server.remove("codec");
        tunnels.add(clientId, channel);
        channel.config().setAutoRead(connection.isWritable());
        connection.config().setAutoRead(channel.isWritable());
        return true;
    }
}
