package dev.switchboard.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;

/** The listening socket of the gateway port. The event loops belong to the node, which shuts them down. */
public final class GatewayServer {

    private final Channel serverChannel;

    private GatewayServer(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /** Binds and starts accepting; port 0 picks a free port, see {@link #port()}. */
    public static GatewayServer bind(String host, int port, GatewayInitializer initializer, EventLoopGroup boss,
                                     EventLoopGroup workers, WriteBufferWaterMark waterMark) throws InterruptedException {
        Channel channel = Transports.listener(boss, workers)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childHandler(initializer)
                .bind(host, port).sync().channel();
        return new GatewayServer(channel);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting new connections; open ones carry on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }
}
