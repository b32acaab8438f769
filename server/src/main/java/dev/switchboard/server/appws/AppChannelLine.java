package dev.switchboard.server.appws;

import dev.switchboard.core.app.AppLine;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An app's WebSocket as {@link AppLine}. Writes may come from any thread (Netty queues them on the channel's
 * loop, in order). The outbound queue is bounded like a device line's, by {@code websocket.maxOutboundBuffer}:
 * an app whose unsent bytes would pass it is not reading, is closed 4001 like a slow device, and goes through
 * the drop path (its messages then wait in the app session's bounded buffer).
 */
final class AppChannelLine implements AppLine {

    static final int SLOW_CONSUMER = 4001;

    private final String id;
    private final Channel channel;
    private final Instant connectedAt;
    private final long maxOutboundBytes;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastSeenMillis;

    AppChannelLine(String id, Channel channel, Instant connectedAt, long maxOutboundBytes) {
        this.id = id;
        this.maxOutboundBytes = maxOutboundBytes;
        this.channel = channel;
        this.connectedAt = connectedAt;
        this.lastSeenMillis = connectedAt.toEpochMilli();
    }

    @Override
    public String id() {
        return id;
    }

    Channel channel() {
        return channel;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    /** Any frame (pongs included) counts as a sign of life. */
    void heard() {
        lastSeenMillis = System.currentTimeMillis();
    }

    @Override
    public Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }

    boolean isClosing() {
        return closing.get();
    }

    @Override
    public void sendText(byte[] json) {
        if (writable(json.length)) {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)), channel.voidPromise());
        }
    }

    @Override
    public void sendBinary(byte[] bytes) {
        if (writable(bytes.length)) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
        }
    }

    private boolean writable(int size) {
        if (closing.get() || !channel.isActive()) {
            return false;
        }
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
        if (pending + size > maxOutboundBytes) {
            close(SLOW_CONSUMER, "slow_consumer: the app is not reading its line");
            return false;
        }
        return true;
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        String text = reason == null ? "" : reason.length() > 120 ? reason.substring(0, 120) : reason;
        channel.writeAndFlush(new CloseWebSocketFrame(code, text)).addListener(f -> channel.close());
        // A peer that never answers the close frame still loses its connection.
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, 1, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return id;
    }
}
