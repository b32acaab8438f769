package dev.switchboard.server.proxy;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open WebSocket tunnels by client id, so an operator's remap can close exactly that client's tunnels (its
 * HMR client reconnects, and the reconnect follows the new cable). Owned: a tunnel leaves when its client
 * connection closes, and an empty client entry goes with it.
 */
final class TunnelRegistry {

    private final Map<String, Set<Channel>> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    /** Registers the client side of a tunnel; it removes itself when it closes. */
    void add(String clientId, Channel clientChannel) {
        byClient.compute(clientId, (id, channels) -> {
            Set<Channel> set = channels == null ? ConcurrentHashMap.newKeySet() : channels;
            set.add(clientChannel);
            return set;
        });
        open.incrementAndGet();
        clientChannel.closeFuture().addListener(f -> remove(clientId, clientChannel));
    }

    private void remove(String clientId, Channel clientChannel) {
        byClient.computeIfPresent(clientId, (id, channels) -> {
            if (channels.remove(clientChannel)) {
                open.decrementAndGet();
            }
            return channels.isEmpty() ? null : channels;
        });
    }

    /** Closes every tunnel of this client; returns how many there were. */
    int closeClient(String clientId) {
        Set<Channel> channels = byClient.get(clientId);
        if (channels == null) {
            return 0;
        }
        int closed = 0;
        for (Channel channel : channels) {
            channel.close();
            closed++;
        }
        return closed;
    }

    void closeAll() {
        byClient.values().forEach(channels -> channels.forEach(channel -> channel.close().awaitUninterruptibly()));
    }

    int size() {
        return open.get();
    }

    int clients() {
        return byClient.size();
    }
}
