package dev.switchboard.server.control;

import dev.switchboard.server.control.binary.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A bare client over java.nio (no client module, no Netty): writes bytes, reads lines or frames with a deadline,
 * and tells when the daemon closed the connection.
 */
public final class UnixClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SocketChannel channel;
    private final Selector selector;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private UnixClient(SocketAddress address) throws IOException {
        this.channel = SocketChannel.open(address);
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        buffer.flip();
    }

    public static UnixClient connect(Path socket) throws IOException {
        return new UnixClient(UnixDomainSocketAddress.of(socket));
    }

    public static UnixClient connect(SocketAddress address) throws IOException {
        return new UnixClient(address);
    }

    public UnixClient write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                Thread.onSpinWait();
            }
        }
        return this;
    }

    public UnixClient writeLine(String line) throws IOException {
        return write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The next line without its newline; null when the daemon closed the connection first. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /** The next frame; null when the daemon closed the connection first. */
    public Frames.Frame readFrame() throws IOException {
        while (true) {
            Frames.Frame frame = Frames.read(buffer);
            if (frame != null) {
                return frame;
            }
            if (!fill()) {
                return null;
            }
        }
    }

    /** True when the daemon has closed the connection (EOF or reset) within the timeout, with nothing unread. */
    public boolean closedByPeer() throws IOException {
        if (buffer.hasRemaining()) {
            return false;
        }
        return !fill();
    }

    /** Reads more bytes; false on EOF. */
    private boolean fill() throws IOException {
        buffer.compact();
        if (!buffer.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                int n;
                try {
                    n = channel.read(buffer);
                } catch (IOException reset) {
                    return false;
                }
                if (n < 0) {
                    return false;
                }
                if (n > 0) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("nothing from the daemon within " + TIMEOUT);
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
        } finally {
            buffer.flip();
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
