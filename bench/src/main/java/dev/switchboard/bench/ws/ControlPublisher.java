package dev.switchboard.bench.ws;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Publishes through Switchboard's control socket: newline-delimited JSON-RPC {@code hub.publish} calls,
 * pipelined on one Unix-socket connection; a reader thread counts the answers.
 */
public final class ControlPublisher implements Publisher {

    private final SocketChannel channel;
    private final UnaryOperator<String> params;
    private final Thread reader;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String firstError;

    /** @param params turns a benchmark message into the {@code hub.publish} params object */
    public ControlPublisher(Path socket, UnaryOperator<String> params) throws IOException {
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        this.channel.connect(UnixDomainSocketAddress.of(socket));
        this.params = params;
        this.reader = new Thread(this::readAnswers, "bench-control-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    @Override
    public void publish(String message) {
        long id = submitted.incrementAndGet();
        String call = "{\"jsonrpc\":\"2.0\",\"method\":\"hub.publish\",\"id\":" + id + ",\"params\":"
                + params.apply(message) + "}\n";
        ByteBuffer out = ByteBuffer.wrap(call.getBytes(StandardCharsets.UTF_8));
        try {
            synchronized (channel) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            }
        } catch (IOException e) {
            refused.incrementAndGet();
            if (firstError == null) {
                firstError = String.valueOf(e);
            }
        }
    }

    private void readAnswers() {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        StringBuilder line = new StringBuilder();
        try {
            while (channel.read(in) >= 0) {
                in.flip();
                while (in.hasRemaining()) {
                    char c = (char) in.get();
                    if (c == '\n') {
                        answer(line.toString());
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
                in.clear();
            }
        } catch (IOException e) {
            // closed: the run is over
        }
    }

    /** Counts one JSON-RPC answer line. */
    void answer(String line) {
        if (line.contains("\"result\"")) {
            accepted.incrementAndGet();
        } else if (line.contains("\"error\"")) {
            refused.incrementAndGet();
            if (firstError == null) {
                firstError = line;
            }
        }
    }

    @Override
    public long submitted() {
        return submitted.get();
    }

    @Override
    public long accepted() {
        return accepted.get();
    }

    @Override
    public long refused() {
        return refused.get();
    }

    @Override
    public String firstError() {
        return firstError;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
