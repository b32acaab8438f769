package dev.switchboard.bench.control;

import dev.switchboard.client.control.ControlWire;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives {@code system.ping} calls over one control socket connection as fast as it answers, either one
 * call at a time (latency) or pipelined with a window of calls in flight (throughput). Requests are
 * encoded by hand, without the Java client, so the load generator is never what limits the figure.
 */
public final class ControlLoad {

    /** The two framings the daemon speaks on one socket. */
    public enum Protocol { JSON_RPC, BINARY }

    /** What one run measured. */
    public record Result(Protocol protocol, boolean pipelined, long calls, long errors, Duration elapsed,
                         Histogram latencyMicros) {
        public double callsPerSecond() {
            return calls / (elapsed.toNanos() / 1e9);
        }
    }

    private static final byte[] JSON_PREFIX = "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BINARY_PAYLOAD = "{\"method\":\"system.ping\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int BATCH = 256;

    private final Path socket;
    private final Protocol protocol;

    public ControlLoad(Path socket, Protocol protocol) {
        this.socket = socket;
        this.protocol = protocol;
    }

    /** Calls one at a time for {@code duration}, recording each call's round trip. */
    public Result sequential(Duration duration) throws IOException {
        try (SocketChannel channel = open()) {
            ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);
            ResponseCounter in = new ResponseCounter(protocol);
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
            long calls = 0;
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            while (System.nanoTime() < deadline) {
                out.clear();
                encode(out, calls + 1);
                out.flip();
                long sent = System.nanoTime();
                writeFully(channel, out);
                in.awaitTotal(channel, calls + 1);
                latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                calls++;
            }
            return new Result(protocol, false, calls, in.errors(), Duration.ofNanos(System.nanoTime() - start), latency);
        }
    }

    /** Keeps up to {@code window} calls in flight for {@code duration}; a reader thread counts answers. */
    public Result pipelined(Duration duration, int window) throws IOException, InterruptedException {
        try (SocketChannel channel = open()) {
            ResponseCounter in = new ResponseCounter(protocol);
            AtomicLong received = new AtomicLong();
            Thread reader = new Thread(() -> in.readUntilClosed(channel, received), "bench-reader");
            reader.setDaemon(true);
            reader.start();
            ByteBuffer out = ByteBuffer.allocateDirect(BATCH * 128).order(ByteOrder.BIG_ENDIAN);
            long sent = 0;
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            while (System.nanoTime() < deadline) {
                long room = window - (sent - received.get());
                if (room <= 0) {
                    LockSupport.parkNanos(10_000);
                    continue;
                }
                out.clear();
                for (long i = 0, n = Math.min(room, BATCH); i < n; i++) {
                    encode(out, ++sent);
                }
                out.flip();
                writeFully(channel, out);
            }
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < sent && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(100_000);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            long answered = received.get();
            long errors = in.errors() + (sent - answered);
            return new Result(protocol, true, answered, errors, elapsed, null);
        }
    }

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private void encode(ByteBuffer out, long id) {
        if (protocol == Protocol.JSON_RPC) {
            out.put(JSON_PREFIX);
            putDecimal(out, id);
            out.put((byte) '}').put((byte) '\n');
        } else {
            out.putShort((short) ControlWire.MAGIC)
                    .put((byte) ControlWire.VERSION)
                    .put((byte) ControlWire.KIND_REQUEST)
                    .putInt((int) id)
                    .putInt(0)
                    .putInt(BINARY_PAYLOAD.length)
                    .put(BINARY_PAYLOAD);
        }
    }

    private static void putDecimal(ByteBuffer out, long value) {
        int start = out.position();
        do {
            out.put((byte) ('0' + value % 10));
            value /= 10;
        } while (value > 0);
        for (int i = start, j = out.position() - 1; i < j; i++, j--) {
            byte swap = out.get(i);
            out.put(i, out.get(j));
            out.put(j, swap);
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
