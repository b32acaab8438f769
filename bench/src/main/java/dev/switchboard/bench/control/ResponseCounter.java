package dev.switchboard.bench.control;

import dev.switchboard.client.control.ControlWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts complete responses in the daemon's byte stream without decoding their JSON: newlines for
 * JSON-RPC, frame lengths for the binary protocol. Error answers are counted apart, so a run in which
 * the daemon refused calls cannot pass for a fast one.
 */
final class ResponseCounter {

    private static final byte[] JSON_ERROR = "\"error\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ControlLoad.Protocol protocol;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    private long total;
    private long errors;
    private int errorMatch;

    ResponseCounter(ControlLoad.Protocol protocol) {
        this.protocol = protocol;
    }

    long errors() {
        return errors;
    }

    /** Reads until {@code expected} responses in all have arrived. */
    void awaitTotal(SocketChannel channel, long expected) throws IOException {
        while (total < expected) {
            readOnce(channel);
        }
    }

    /** Reads until the socket closes, publishing the running count. */
    void readUntilClosed(SocketChannel channel, AtomicLong received) {
        try {
            while (true) {
                readOnce(channel);
                received.set(total);
            }
        } catch (IOException closed) {
            // end of run
        }
    }

    private void readOnce(SocketChannel channel) throws IOException {
        if (channel.read(buffer) < 0) {
            throw new IOException("daemon closed the connection");
        }
        buffer.flip();
        if (protocol == ControlLoad.Protocol.JSON_RPC) {
            countLines();
        } else {
            countFrames();
        }
        buffer.compact();
    }

    private void countLines() {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == '\n') {
                total++;
                errorMatch = 0;
            } else if (errorMatch >= 0) {
                errorMatch = b == JSON_ERROR[errorMatch] ? errorMatch + 1 : (b == JSON_ERROR[0] ? 1 : 0);
                if (errorMatch == JSON_ERROR.length) {
                    errors++;
                    errorMatch = -1; // one error per line
                }
            }
        }
    }

    private void countFrames() {
        while (buffer.remaining() >= ControlWire.HEADER_LENGTH) {
            int start = buffer.position();
            int kind = buffer.get(start + 3);
            int length = buffer.getInt(start + 12);
            if (buffer.remaining() < ControlWire.HEADER_LENGTH + length) {
                return;
            }
            buffer.position(start + ControlWire.HEADER_LENGTH + length);
            total++;
            if (kind == ControlWire.KIND_ERROR) {
                errors++;
            }
        }
    }
}
