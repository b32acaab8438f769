package dev.switchboard.server.ws;

import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.server.metrics.GatewayMeters;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of an upgraded device line: answers its frames and unregisters it when it closes. */
final class DeviceFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(DeviceFrameHandler.class);

    private final WebSocketLine line;
    private final Hub hub;
    private final ClientMessageDispatcher dispatcher;
    private final ServerFrames frames;
    private final GatewayMeters meters;
    private final PairingService pairing;
    private final dev.switchboard.core.session.SessionRegistry sessions;

    DeviceFrameHandler(WebSocketLine line, Hub hub, ClientMessageDispatcher dispatcher, ServerFrames frames,
                       GatewayMeters meters, PairingService pairing,
                       dev.switchboard.core.session.SessionRegistry sessions) {
        this.line = line;
        this.sessions = sessions;
        this.pairing = pairing;
        this.hub = hub;
        this.dispatcher = dispatcher;
        this.frames = frames;
        this.meters = meters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        line.heard();
        if (frame instanceof TextWebSocketFrame text) {
            countIn(text);
            ObjectNode reply = dispatcher.dispatch(line, text.text());
            if (reply != null) {
                line.send(frames.encode(ctx.alloc(), reply));
            }
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            countIn(binary);
            // Binary frames are the pairing's stream when the line is paired, else the session's audio stream for
            // its apps; with neither, the pairing service answers NOT_PAIRED.
            byte[] bytes = ByteBufUtil.getBytes(binary.content());
            dev.switchboard.core.session.AppPort apps = dispatcher.apps(line);
            if (apps != null && !pairing.isPaired(line) && apps.takesAudio(line.session())) {
                apps.audio(line.session(), bytes);
            } else {
                pairing.binary(line, bytes);
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), ctx.voidPromise());
        } else if (frame instanceof CloseWebSocketFrame close) {
            log.debug("[{}] peer closed with {} {}", line.id(), close.statusCode(), close.reasonText());
            line.peerClosed(close.statusCode());
            // Echo the close, as RFC 6455 asks, then drop the connection.
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                    .addListener(f -> ctx.close());
        }
        // Pongs need no answer: reading them is what keeps the heartbeat's idle timer from firing.
    }

    private void countIn(WebSocketFrame frame) {
        int bytes = frame.content().readableBytes();
        line.stats().recordIn(bytes);
        meters.messagesIn.increment();
        meters.bytesIn.increment(bytes);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        hub.remove(line);
        // A drop keeps the session for the resume grace; a close for good ends it (and its apps).
        sessions.lineGone(line.session(), line, line.droppedUnexpectedly());
        line.released();
        CloseReason reason = line.closeReason();
        log.info("[{}] closed user={} device={} after {}s: {} (in {} msgs, out {} msgs)", line.id(),
                line.principal().userId(), line.principal().deviceId(),
                Duration.between(line.connectedAt(), Instant.now()).toSeconds(),
                reason == null ? "by peer or network" : reason.code() + " " + reason.text(),
                line.stats().messagesIn(), line.stats().messagesOut());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message grew past the limit while being reassembled.
            meters.oversizeCloses.increment();
            line.close(CloseReason.MESSAGE_TOO_BIG);
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            // The frame decoder has already sent the close frame and is closing the connection.
            if (corrupted.closeStatus() != null
                    && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
                meters.oversizeCloses.increment();
            }
            log.debug("[{}] protocol violation: {}", line.id(), cause.getMessage());
        } else {
            log.debug("[{}] closing after error: {}", line.id(), cause.toString());
            ctx.close();
        }
    }
}
