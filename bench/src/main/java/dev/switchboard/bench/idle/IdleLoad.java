package dev.switchboard.bench.idle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Holds many authenticated, idle WebSocket lines open against a gateway: each one a plain socket that did
 * the upgrade and then stays silent, so the server's cost per idle line is all that is measured.
 */
public final class IdleLoad implements AutoCloseable {

    private final List<SocketChannel> lines = new ArrayList<>();

    /**
     * Opens {@code count} lines to {@code ws://127.0.0.1:port/ws}, one token per line from {@code tokens}.
     *
     * @throws IOException when a connection fails or the gateway answers anything but 101
     */
    public void open(int port, int count, IntFunction<String> tokens) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        ByteBuffer answer = ByteBuffer.allocate(4096);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(address);
            lines.add(channel);
            channel.write(ByteBuffer.wrap(upgradeRequest(port, tokens.apply(i))));
            answer.clear();
            while (!endsHeaders(answer)) {
                if (channel.read(answer) < 0) {
                    throw new IOException("gateway closed line " + i + " during the upgrade");
                }
            }
            String status = new String(answer.array(), 0, Math.min(answer.position(), 12), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("line " + i + " was refused: " + new String(answer.array(), 0, answer.position(),
                        StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
            }
        }
    }

    public int size() {
        return lines.size();
    }

    @Override
    public void close() {
        for (SocketChannel channel : lines) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        lines.clear();
    }

    private static byte[] upgradeRequest(int port, String token) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return ("GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean endsHeaders(ByteBuffer answer) {
        int n = answer.position();
        byte[] a = answer.array();
        for (int i = 3; i < n; i++) {
            if (a[i - 3] == '\r' && a[i - 2] == '\n' && a[i - 1] == '\r' && a[i] == '\n') {
                return true;
            }
        }
        return false;
    }
}
