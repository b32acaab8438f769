package dev.switchboard.server.ws;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.hub.LineStats;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.identity.Principal;
import dev.switchboard.core.session.DeviceConnection;
import dev.switchboard.core.session.SequencedFrame;
import dev.switchboard.core.session.UserSession;
import dev.switchboard.server.metrics.GatewayMeters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's WebSocket connection as a hub {@link Line}, bound to the device's {@link UserSession}: the hub
 * routes to the session's endpoint, and the session writes its sequenced frames here as {@code FRAME} messages.
 * All mutable state is touched on its event loop.
 */
public final class WebSocketLine implements DeviceConnection {

    private static final Logger log = LoggerFactory.getLogger(WebSocketLine.class);
    private static final byte[] MESSAGE_PREFIX = "{\"type\":\"message\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_INFIX = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
    /** How long a peer gets to answer our close frame before the socket is shut anyway. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;
    /** The name {@code WebSocketServerHandshaker} gives its frame encoder. */
    private static final String FRAME_ENCODER = "wsencoder";

    private final String id;
    private final String sessionId;
    private final Principal principal;
    private final Channel channel;
    private final String remoteAddress;
    private final Instant connectedAt;
    private final LineStats stats = new LineStats();
    private final GatewayMeters meters;
    private final long maxOutboundBytes;
    /** Only for a line without a session (unit tests): the session numbers messages otherwise. */
    private long seq;
    private UserSession session;
    private int peerCloseCode = -1;
    private boolean upgraded;
    /** Netty's WebSocket frame encoder's context (null in tests without one); set by {@link #markUpgraded}. */
    private ChannelHandlerContext frameWriter;
    // Written on the event loop, read by other threads (pairing relays checking whether a peer is going).
    private volatile boolean closing;
    private volatile CloseReason closeReason;
    private ScheduledFuture<?> deadline;
    private volatile long lastHeardNanos = System.nanoTime();

    public WebSocketLine(String id, String sessionId, Principal principal, Channel channel, Instant connectedAt,
                         GatewayMeters meters, long maxOutboundBytes) {
        this.id = id;
        this.sessionId = sessionId;
        this.principal = principal;
        this.channel = channel;
        this.remoteAddress = describe(channel.remoteAddress());
        this.connectedAt = connectedAt;
        this.meters = meters;
        this.maxOutboundBytes = maxOutboundBytes;
    }

    @Override
    public String id() {
        return id;
    }

    public String sessionId() {
        return session == null ? sessionId : session.id();
    }

    /** The session this line serves; set once, before the upgrade. */
    public UserSession session() {
        return session;
    }

    void bind(UserSession userSession) {
        this.session = userSession;
    }

    @Override
    public Line endpoint() {
        return session == null ? this : session.endpoint();
    }

    @Override
    public boolean inExecutor() {
        return channel.eventLoop().inEventLoop();
    }

    /** The device sent a close frame with this code (-1: none, or it just went). */
    void peerClosed(int code) {
        peerCloseCode = code;
    }

    /**
     * Whether the session should wait for the device to come back: the line dropped (network, heartbeat,
     * slow consumer, a device close other than 1000), rather than being closed for good by the device (1000)
     * or by the server (operator, replaced, shutdown, protocol violation). A token expiry (4002) counts as a drop.
     */
    boolean droppedUnexpectedly() {
        CloseReason reason = closeReason;
        if (reason == null) {
            return peerCloseCode != 1000;
        }
        // A token expiry ends the line, not the user's session: the device reconnects with a fresh token and resumes.
        return reason.code() == CloseReason.HEARTBEAT_TIMEOUT.code() || reason.code() == CloseReason.SLOW_CONSUMER.code()
                || reason.code() == CloseReason.TOKEN_EXPIRED.code();
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The remote host alone (no port), e.g. for per-address rate limits. */
    public String remoteHost() {
        java.net.SocketAddress address = channel.remoteAddress();
        return address instanceof java.net.InetSocketAddress inet ? inet.getHostString() : String.valueOf(address);
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public LineStats stats() {
        return stats;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    Channel channel() {
        return channel;
    }

    /** The sequence number of the last message delivered to this line's session (0 before the first). */
    long lastSeq() {
        return session == null ? seq : session.lastSeq();
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    /** Anything at all arrived from the peer (a frame, a pong). */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** How long the peer has been silent (any frame or pong resets it). */
    @Override
    public Duration silence() {
        return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
    }

    void markUpgraded() {
        upgraded = true;
        frameWriter = channel.pipeline().context(FRAME_ENCODER);
    }

    @Override
    public boolean deliver(Message message) {
        if (message.kind() == Message.Kind.JSON && session != null) {
            // Numbered by the session, so the sequence survives reconnects; the hub routes there anyway.
            return session.endpoint().deliver(message);
        }
        if (!canTake(message.size())) {
            return false;
        }
        ByteBuf frame;
        switch (message.kind()) {
            case JSON:
                frame = FrameEncoder.text(channel.alloc(), MESSAGE_PREFIX, ++seq, DATA_INFIX, message.body(), (byte) '}');
                break;
            case FRAME:
                frame = FrameEncoder.text(channel.alloc(), message.body());
                break;
            default:
                frame = FrameEncoder.binary(channel.alloc(), message.body());
        }
        written(frame, message.size());
        return true;
    }

    /** A frame numbered by the session, its envelope written around the shared body straight into the buffer. */
    @Override
    public boolean deliverSequenced(long number, SequencedFrame frame) {
        if (!canTake(frame.size())) {
            return false;
        }
        written(FrameEncoder.text(channel.alloc(), frame.prefix(), number, frame.infix(), frame.body(), (byte) '}'),
                frame.size());
        return true;
    }

    private boolean canTake(int size) {
        if (closing || !upgraded || !channel.isActive()) {
            meters.dropped("line_closed");
            return false;
        }
        if (pendingOutboundBytes() + size > maxOutboundBytes) {
            // The reader is so far behind that queueing more would grow the heap without bound.
            meters.dropped("slow_consumer");
            closeSlow("outbound buffer over " + maxOutboundBytes + " bytes");
            return false;
        }
        return true;
    }

    private void written(ByteBuf frame, int size) {
        // A finished frame: written and flushed from the WebSocket encoder's context, so it goes through the handlers
        // before it (towards the socket) but not through the encoders and handlers after it, which would only pass
        // it on. Flushed per line on purpose: writing a loop's lines first and flushing them all afterwards kept a
        // thousand frames alive at once and measured slower here (bench/README.md, "Performance work").
        ChannelHandlerContext writer = frameWriter;
        if (writer != null && !writer.isRemoved()) {
            writer.writeAndFlush(frame, channel.voidPromise());
        } else {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
        stats.recordOut(size);
        meters.messagesOut.increment();
        meters.bytesOut.increment(size);
    }

    /** Writes a server frame (ack, reply, error) outside the message sequence. */
    void send(ByteBuf frame) {
        if (!closing && channel.isActive()) {
            channel.writeAndFlush(frame, channel.voidPromise());
        } else {
            frame.release();
        }
    }

    void closeSlow(String why) {
        if (!closing) {
            meters.slowCloses.increment();
            log.info("[{}] closing slow consumer device={}: {}", id, principal.deviceId(), why);
            close(CloseReason.SLOW_CONSUMER);
        }
    }

    @Override
    public void close(CloseReason reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(reason));
            return;
        }
        if (closing) {
            return;
        }
        closing = true;
        closeReason = reason;
        if (!upgraded) {
            channel.close();
            return;
        }
        log.debug("[{}] close {} {}", id, reason.code(), reason.text());
        channel.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.text()))
                .addListener(ChannelFutureListener.CLOSE);
        // A peer that never reads would keep the close frame queued forever: shut the socket regardless.
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the line with {@code reason} after {@code delay} unless it closed before; the timer is
     * cancelled when the channel goes, so closed lines are not kept alive by it.
     */
    void closeAfter(Duration delay, CloseReason reason) {
        cancelDeadline();
        deadline = channel.eventLoop().schedule(() -> close(reason), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Releases what the line holds beyond its channel; called when the channel is gone. */
    void released() {
        cancelDeadline();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    boolean isClosing() {
        return closing;
    }

    private long pendingOutboundBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    private static String describe(java.net.SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress inet) {
            String host = inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return "Line[" + id + " user=" + principal.userId() + " device=" + principal.deviceId() + "]";
    }
}
