package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.Upstream;
import dev.switchboard.server.http.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens upstream connections and keeps idle keep-alive ones for reuse. Pools are per event loop: an upstream
 * connection is registered on the loop of the client connection that opened it, so a request never hops
 * threads and a pool needs no lock. Each (loop, upstream) keeps at most
 * {@link ProxySettings#maxIdlePerUpstream()} idle connections, most recently used first; a connection the
 * upstream closes is evicted when its close is seen. Busy connections are bounded by the client connections
 * using them (one each).
 */
final class UpstreamConnector implements AutoCloseable {

    static final AttributeKey<String> POOL_KEY = AttributeKey.valueOf("sb.proxy.pool");

    private final ProxySettings settings;
    private final Map<EventLoop, Map<String, ArrayDeque<Channel>>> pools = new ConcurrentHashMap<>();
    private final ChannelGroup open = new DefaultChannelGroup("proxy-upstreams", GlobalEventExecutor.INSTANCE);
    private final WriteBufferWaterMark waterMark;

    UpstreamConnector(ProxySettings settings, WriteBufferWaterMark waterMark) {
        this.settings = settings;
        this.waterMark = waterMark;
    }

    static String key(Upstream upstream) {
        return upstream.id() + "@" + upstream.address();
    }

    /** An idle connection on this loop to the upstream of this {@link #key}, or null. Call on {@code loop}. */
    Channel pooled(EventLoop loop, String key) {
        Map<String, ArrayDeque<Channel>> pool = pools.get(loop);
        if (pool == null) {
            return null;
        }
        ArrayDeque<Channel> idle = pool.get(key);
        while (idle != null && !idle.isEmpty()) {
            Channel channel = idle.pollFirst();
            if (channel.isActive()) {
                if (idle.isEmpty()) {
                    pool.remove(key);
                }
                return channel;
            }
        }
        pool.remove(key);
        return null;
    }

    /** Opens a new connection to {@code upstream} (of this {@link #key}) on {@code loop}, with the HTTP client codec. */
    ChannelFuture connect(EventLoop loop, Upstream upstream, String key) {
        ChannelFuture future = new Bootstrap()
                .group(loop)
                .channel(Transports.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, ProxyServer.ALLOCATOR)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.upstreamTimeout().toMillis() + 1_000)))
                .attr(POOL_KEY, key)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("codec", new HttpClientCodec(
                                new HttpDecoderConfig().setMaxHeaderSize(64 * 1024).setMaxInitialLineLength(16 * 1024)
                                        // The dev server is ours to trust; the client side validates.
                                        .setValidateHeaders(false),
                                false, false));
                        channel.pipeline().addLast(UpstreamHandler.NAME, new UpstreamHandler(UpstreamConnector.this));
                    }
                })
                .connect(upstream.host(), upstream.port());
        open.add(future.channel());
        return future;
    }

    /** Takes back a connection whose exchange ended cleanly: kept idle if there is room, else closed. */
    void release(Channel channel) {
        Map<String, ArrayDeque<Channel>> pool = pools.computeIfAbsent(channel.eventLoop(), loop -> new HashMap<>());
        String key = channel.attr(POOL_KEY).get();
        ArrayDeque<Channel> idle = pool.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (!channel.isActive() || idle.size() >= settings.maxIdlePerUpstream()) {
            if (idle.isEmpty()) {
                pool.remove(key);
            }
            channel.close();
            return;
        }
        // Reading while idle is how the upstream's close (its keep-alive timeout) is noticed at once.
        channel.config().setAutoRead(true);
        idle.addFirst(channel);
    }

    /** An idle connection closed: forget it. Runs on its loop. */
    void evict(Channel channel) {
        Map<String, ArrayDeque<Channel>> pool = pools.get(channel.eventLoop());
        String key = channel.attr(POOL_KEY).get();
        if (pool == null || key == null) {
            return;
        }
        ArrayDeque<Channel> idle = pool.get(key);
        if (idle != null) {
            idle.remove(channel);
            if (idle.isEmpty()) {
                pool.remove(key);
            }
        }
    }

    /** Idle and busy upstream connections together (for tests and the health of the pool). */
    int openConnections() {
        return open.size();
    }

    @Override
    public void close() {
        open.close().awaitUninterruptibly();
    }
}
