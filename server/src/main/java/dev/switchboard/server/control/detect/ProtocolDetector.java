package dev.switchboard.server.control.detect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.client.control.ControlWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides, from a connection's first bytes, which protocol it speaks, and hands the connection to that
 * protocol's handlers only (the port-unification pattern). Nothing is consumed: the bytes looked at reach
 * the chosen protocol's first handler untouched, and from then on the pipeline holds that protocol's
 * handlers and no others, so two parsers can never read the same socket.
 *
 * <ul>
 *   <li>first non-blank byte {@code {} or {@code [} → JSON-RPC (leading blanks are left for it to skip);</li>
 *   <li>first byte {@code 0xB5} → binary;</li>
 *   <li>anything else (HTTP, TLS, garbage) → one JSON line saying what was expected, then close;</li>
 *   <li>only blanks so far → wait; nothing decisive within the silence timeout → the same kind of line, close.</li>
 * </ul>
 */
public final class ProtocolDetector extends ByteToMessageDecoder {

    private static final int SHOWN_BYTES = 8;
    private static final String EXPECTED = "this socket speaks JSON-RPC 2.0 (one JSON request per line, "
            + "starting with { or [) or the Switchboard binary protocol (frames starting with 0xB5 0x42); "
            + "see docs/control-protocol.md";

    private final ProtocolSwitch protocols;
    private final long silenceNanos;
    private final int maxBlanks;
    private ScheduledFuture<?> silenceTimer;
    private boolean refused;

    /**
     * @param silenceTimeout how long a new connection may stay silent (or send only blanks)
     * @param maxBlanks      how many leading blank bytes are tolerated before the connection is refused
     */
    public ProtocolDetector(ProtocolSwitch protocols, Duration silenceTimeout, int maxBlanks) {
        this.protocols = protocols;
        this.silenceNanos = silenceTimeout.toNanos();
        this.maxBlanks = maxBlanks;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startSilenceTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startSilenceTimer(ctx);
        super.channelActive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (silenceTimer != null) {
            silenceTimer.cancel(false);
            silenceTimer = null;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (end > start && in.getByte(start) == ControlWire.FIRST_BYTE) {
            switchTo(ctx, ControlProtocol.BINARY);
            return;
        }
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b == '{' || b == '[') {
                switchTo(ctx, ControlProtocol.JSONRPC);
                return;
            }
            if (!isBlank(b)) {
                refuse(ctx, in, "unrecognised", "unrecognised protocol: got " + show(in, i) + guess(in, i)
                        + "; " + EXPECTED);
                return;
            }
        }
        if (end - start > maxBlanks) {
            refuse(ctx, in, "unrecognised", "unrecognised protocol: only blanks (" + (end - start)
                    + " bytes); " + EXPECTED);
        }
    }

    private void switchTo(ChannelHandlerContext ctx, ControlProtocol protocol) {
        handlerRemoved0(ctx);
        protocols.install(ctx.pipeline(), protocol);
        // Removing a ByteToMessageDecoder passes the bytes it holds on to the next handler: the new protocol's.
        ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, String reason, String message) {
        refused = true;
        if (in != null) {
            in.skipBytes(in.readableBytes());
        }
        handlerRemoved0(ctx);
        protocols.rejected(ctx.pipeline(), reason);
        ctx.writeAndFlush(errorLine(message)).addListener(ChannelFutureListener.CLOSE);
        // Stop looking at whatever else arrives before the close completes.
        ctx.channel().config().setAutoRead(false);
    }

    private void startSilenceTimer(ChannelHandlerContext ctx) {
        if (silenceTimer != null) {
            return;
        }
        silenceTimer = ctx.executor().schedule(() -> {
            silenceTimer = null;
            if (ctx.channel().isActive() && !ctx.isRemoved() && !refused) {
                refuse(ctx, null, "silence", "nothing recognisable received within "
                        + formatTimeout() + " of connecting; " + EXPECTED);
            }
        }, silenceNanos, TimeUnit.NANOSECONDS);
    }

    private String formatTimeout() {
        long millis = TimeUnit.NANOSECONDS.toMillis(silenceNanos);
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** Up to eight bytes from the first decisive one: quoted text when printable, hex otherwise. */
    private static String show(ByteBuf in, int from) {
        int n = Math.min(SHOWN_BYTES, in.writerIndex() - from);
        boolean printable = true;
        for (int i = 0; i < n; i++) {
            byte b = in.getByte(from + i);
            if (b < 0x20 || b > 0x7E) {
                printable = false;
                break;
            }
        }
        if (printable) {
            return "\"" + in.toString(from, n, StandardCharsets.US_ASCII) + "\"";
        }
        StringBuilder hex = new StringBuilder("bytes");
        for (int i = 0; i < n; i++) {
            hex.append(' ').append(String.format("%02X", in.getByte(from + i) & 0xFF));
        }
        return hex.toString();
    }

    private static String guess(ByteBuf in, int from) {
        byte first = in.getByte(from);
        if (first == 0x16) {
            return " (looks like TLS; the control socket is not encrypted)";
        }
        if (first >= 'A' && first <= 'Z') {
            int n = Math.min(8, in.writerIndex() - from);
            String head = in.toString(from, n, StandardCharsets.US_ASCII);
            for (String verb : new String[] {"GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ",
                    "CONNECT ", "PRI "}) {
                if (head.startsWith(verb) || verb.startsWith(head)) {
                    return " (looks like HTTP; the HTTP API is on the gateway port)";
                }
            }
        }
        return "";
    }

    /** {@code {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"…"}}} and a newline. */
    static ByteBuf errorLine(String message) {
        String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(message));
        String line = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + ControlWire.INVALID_REQUEST
                + ",\"message\":\"" + escaped + "\"}}\n";
        return Unpooled.wrappedBuffer(line.getBytes(StandardCharsets.UTF_8));
    }
}
