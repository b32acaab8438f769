package dev.switchboard.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.control.binary.Frames;
import dev.switchboard.server.http.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of thousands of calls over one Unix socket, pipelined (a writer thread and a reader thread) and one
 * at a time: every call is answered, and a client that reads late is paused, not dropped. Speed is measured by
 * {@code ./switchboard bench control}, not asserted here: this machine is shared and its timings are noise.
 */
@Timeout(120)
class ControlPipeliningIT {

    private static final int PIPELINED = 300_000;
    private static final int SEQUENTIAL = 20_000;

    @TempDir
    Path home;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestHub testHub = new TestHub(registry);
    private final EventLoopGroup boss = Transports.group(1, "test-control-accept");
    private final EventLoopGroup workers = Transports.group(1, "test-control-io");
    private ControlServer server;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        socket = home.resolve("control.sock");
        server = ControlServer.start(socket, ControlSettings.DEFAULT, testHub.methods, registry, boss, workers);
    }

    @AfterEach
    void stop() {
        server.close();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void jsonRpcPipelined() throws Exception {
        byte[] request = "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}\n".getBytes(StandardCharsets.UTF_8);
        double rate = pipelined(request, PIPELINED, ControlPipeliningIT::countLines);
        System.out.printf("control throughput: JSON-RPC pipelined %,.0f calls/s%n", rate);
        assertThat(rate).isPositive();
    }

    @Test
    void binaryPipelined() throws Exception {
        double rate = pipelined(Frames.request(1, "system.ping", null), PIPELINED, ControlPipeliningIT::countFrames);
        System.out.printf("control throughput: binary pipelined %,.0f calls/s%n", rate);
        assertThat(rate).isPositive();
    }

    @Test
    void binaryRawLayoutPipelined() throws Exception {
        double rate = pipelined(Frames.rawRequest(1, "system.ping", null, new byte[0]), PIPELINED,
                ControlPipeliningIT::countFrames);
        System.out.printf("control throughput: binary (raw layout) pipelined %,.0f calls/s%n", rate);
        assertThat(rate).isPositive();
    }

    @Test
    void aClientThatReadsLateIsPausedNotDroppedNorStalled() throws Exception {
        // Replies pile up until the outbound buffer is over its high-water mark; reading must pause and resume.
        double rate = pipelined(Frames.request(1, "system.ping", null), PIPELINED, ControlPipeliningIT::countFrames,
                1_000);
        assertThat(rate).isPositive();
    }

    @Test
    void oneAtATime() throws Exception {
        try (UnixClient client = UnixClient.connect(socket)) {
            long start = System.nanoTime();
            for (int i = 0; i < SEQUENTIAL; i++) {
                client.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"id\":1}");
                client.readLine();
            }
            double json = SEQUENTIAL / ((System.nanoTime() - start) / 1e9);
            System.out.printf("control throughput: JSON-RPC one at a time %,.0f calls/s%n", json);
        }
        try (UnixClient client = UnixClient.connect(socket)) {
            byte[] request = Frames.request(1, "system.ping", null);
            long start = System.nanoTime();
            for (int i = 0; i < SEQUENTIAL; i++) {
                client.write(request);
                client.readFrame();
            }
            double binary = SEQUENTIAL / ((System.nanoTime() - start) / 1e9);
            System.out.printf("control throughput: binary one at a time %,.0f calls/s%n", binary);
            assertThat(binary).isPositive();
        }
    }

    /** Counts complete replies in a chunk, carrying partial state in {@code state}. */
    interface ReplyCounter {
        int count(ByteBuffer chunk, long[] state);
    }

    private double pipelined(byte[] request, int calls, ReplyCounter counter) throws Exception {
        return pipelined(request, calls, counter, 0);
    }

    private double pipelined(byte[] request, int calls, ReplyCounter counter, long readDelayMillis) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            int perChunk = Math.max(1, 64 * 1024 / request.length);
            ByteBuffer chunk = ByteBuffer.allocate(perChunk * request.length);
            for (int i = 0; i < perChunk; i++) {
                chunk.put(request);
            }
            long start = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    int sent = 0;
                    while (sent < calls) {
                        int n = Math.min(perChunk, calls - sent);
                        chunk.clear().limit(n * request.length);
                        while (chunk.hasRemaining()) {
                            channel.write(chunk);
                        }
                        sent += n;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(readDelayMillis);
            ByteBuffer in = ByteBuffer.allocate(256 * 1024);
            long[] state = new long[2];
            int received = 0;
            while (received < calls) {
                in.clear();
                if (channel.read(in) < 0) {
                    throw new IOException("daemon closed after " + received + " replies");
                }
                in.flip();
                received += counter.count(in, state);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            writer.get(10, TimeUnit.SECONDS);
            return calls / seconds;
        }
    }

    private static int countLines(ByteBuffer chunk, long[] state) {
        int lines = 0;
        while (chunk.hasRemaining()) {
            if (chunk.get() == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** state[0]: bytes still to skip of the current frame; state[1]: header bytes seen of the next (with length). */
    private static int countFrames(ByteBuffer chunk, long[] state) {
        int frames = 0;
        while (chunk.hasRemaining()) {
            if (state[0] > 0) {
                int skip = (int) Math.min(state[0], chunk.remaining());
                chunk.position(chunk.position() + skip);
                state[0] -= skip;
                if (state[0] == 0) {
                    frames++;
                }
                continue;
            }
            // Reading a header byte by byte: bytes 12..15 are the payload length.
            int at = (int) (state[1] & 0xFF);
            long length = state[1] >>> 8;
            int b = chunk.get() & 0xFF;
            if (at >= 12) {
                length = (length << 8) | b;
            }
            at++;
            if (at == 16) {
                state[1] = 0;
                if (length == 0) {
                    frames++;
                } else {
                    state[0] = length;
                }
            } else {
                state[1] = (length << 8) | at;
            }
        }
        return frames;
    }
}
