package dev.switchboard.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The listening socket of the gateway port and its event loops. */
public final class GatewayServer {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;

    private GatewayServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    /** Binds and starts accepting; port 0 picks a free port, see {@link #port()}. */
    public static GatewayServer bind(String host, int port, GatewayInitializer initializer, int workerThreads,
                                     WriteBufferWaterMark waterMark) throws InterruptedException {
        EventLoopGroup boss = Transports.group(1, "sb-accept");
        EventLoopGroup workers = Transports.group(workerThreads, "sb-io");
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(Transports.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                    .childHandler(initializer)
                    .bind(host, port).sync().channel();
            return new GatewayServer(boss, workers, channel);
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting new connections; open ones carry on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Shuts the event loops down, closing whatever is still open. */
    public void terminate() {
        stopAccepting();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
