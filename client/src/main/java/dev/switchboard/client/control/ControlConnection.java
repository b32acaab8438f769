package dev.switchboard.client.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One socket to the daemon with pipelined calls: any number of threads call {@link #trySend}, a writer
 * thread batches their frames onto the socket, a reader thread decodes answers and completes the call whose
 * id they carry. A call's id is forgotten when it is answered, times out or fails, so an answer that comes
 * late is dropped (and counted), never handed to another call.
 *
 * <p>When the socket breaks (EOF, EPIPE, ECONNRESET, a protocol violation) every call in flight fails at
 * once with {@link ControlConnectionException} and the owner is told through {@code onLost}; the connection
 * never comes back (the pool opens another).
 *
 * <p>Futures are completed on the reader thread (answers) or the pool's timer thread (timeouts); dependent
 * stages attached without an executor run there too, so they must not block.
 *
 * <p>Past 400 lines because the three parties that race for a call (caller, reader, timer, plus the failure
 * sweep) are kept in one class: each call is owned by whoever removes it from {@code pending}, and that
 * rule is only checkable when all of them are in view.
 */
final class ControlConnection {

    private static final int WRITE_BUFFER = 64 * 1024;
    private static final int INITIAL_READ_BUFFER = 64 * 1024;

    /** Counters shared by every connection of one client. */
    static final class Counters {
        final LongAdder lateAnswersDropped = new LongAdder();
        final LongAdder eventsIgnored = new LongAdder();
    }

    private static final class Pending {
        final long id;
        final String method;
        final CompletableFuture<JsonNode> future = new CompletableFuture<>();
        /** Written by the caller before the queue hands it to the writer, cleared by the writer. */
        byte[] frame;
        volatile ScheduledFuture<?> timeout;

        Pending(long id, String method, byte[] frame) {
            this.id = id;
            this.method = method;
            this.frame = frame;
        }
    }

    private final int number;
    private final Path path;
    private final SocketChannel channel;
    private final ControlCodec codec;
    private final ScheduledExecutorService timer;
    private final int maxInFlight;
    private final Counters counters;
    private final Consumer<ControlConnection> onLost;
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ArrayBlockingQueue<Pending> writeQueue;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean pingOutstanding = new AtomicBoolean();
    private final Thread reader;
    private final Thread writer;

    private volatile boolean dead;
    private volatile boolean retiring;
    private volatile boolean everAnswered;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile long lastHeardNanos = lastUsedNanos;
    /** What the daemon said about the connection as a whole (an error it could not attribute to a call). */
    private volatile String daemonComplaint;

    private ControlConnection(int number, Path path, SocketChannel channel, ControlCodec codec,
                              ScheduledExecutorService timer, int maxInFlight, Counters counters,
                              String threadPrefix, Consumer<ControlConnection> onLost) {
        this.number = number;
        this.path = path;
        this.channel = channel;
        this.codec = codec;
        this.timer = timer;
        this.maxInFlight = maxInFlight;
        this.counters = counters;
        this.onLost = onLost;
        this.writeQueue = new ArrayBlockingQueue<>(maxInFlight);
        this.reader = new Thread(this::readLoop, threadPrefix + "reader-" + number);
        this.writer = new Thread(this::writeLoop, threadPrefix + "writer-" + number);
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /**
     * Connects and starts the reader and writer threads.
     *
     * @throws ControlUnavailableException when nobody listens on the path (no file, or connection refused)
     * @throws ControlConnectionException  when the socket exists but cannot be connected to
     */
    static ControlConnection open(int number, Path path, ControlMode mode, int maxPayload, int maxInFlight,
                                  ScheduledExecutorService timer, Counters counters, String threadPrefix,
                                  Consumer<ControlConnection> onLost) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw connectFailure(path, e);
        }
        ControlConnection connection = new ControlConnection(number, path, channel, ControlCodec.of(mode, maxPayload),
                timer, maxInFlight, counters, threadPrefix, onLost);
        connection.reader.start();
        connection.writer.start();
        return connection;
    }

    static ControlException connectFailure(Path path, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException || message.contains("No such file") || message.contains("refused")
                || !Files.exists(path)) {
            return new ControlUnavailableException(path, e);
        }
        return new ControlConnectionException("cannot connect to the daemon at " + path + ": " + message, e);
    }

    /**
     * Sends a call.
     *
     * @return the call's future, or {@code null} when this connection is dead or retiring and nothing was
     *         sent (the caller picks another connection)
     */
    CompletableFuture<JsonNode> trySend(String method, Object params, byte[] raw, Duration timeout, boolean use) {
        // Count first, then look at the state: a retiring pool sets the flag first, then looks at the count,
        // so one of the two always sees the other.
        int count = inFlight.incrementAndGet();
        if (dead || retiring) {
            inFlight.decrementAndGet();
            return null;
        }
        if (count > maxInFlight) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new ControlBusyException(method + " refused: " + maxInFlight
                    + " calls already in flight on connection #" + number + " to the daemon at " + path
                    + " (maxInFlightPerConnection)"));
        }
        long id = codec.nextId();
        while (pending.containsKey(id)) { // only after the u32 ids of the binary protocol wrapped
            id = codec.nextId();
        }
        byte[] frame;
        try {
            frame = codec.encodeRequest(id, method, params, raw);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
        Pending call = new Pending(id, method, frame);
        pending.put(id, call);
        if (dead) {
            // Lost between the check above and the registration: if the sweep has not taken the call, it
            // was never written, so the caller may send it elsewhere.
            if (pending.remove(id, call)) {
                inFlight.decrementAndGet();
                return null;
            }
            return call.future;
        }
        if (use) {
            lastUsedNanos = System.nanoTime();
        }
        try {
            call.timeout = timer.schedule(() -> expire(call, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the client is closing
            if (pending.remove(id, call)) {
                inFlight.decrementAndGet();
                call.future.completeExceptionally(new ControlClosedException(method + " refused: the control client "
                        + "for " + path + " is closed"));
            }
            return call.future;
        }
        if (!writeQueue.offer(call)) {
            // Only when timed-out calls still sit in the queue behind a stuck socket.
            if (pending.remove(id, call)) {
                inFlight.decrementAndGet();
                call.timeout.cancel(false);
                call.future.completeExceptionally(new ControlBusyException(method + " refused: the write queue of "
                        + "connection #" + number + " to the daemon at " + path + " is full"));
            }
        }
        return call.future;
    }

    private void expire(Pending call, Duration timeout) {
        if (pending.remove(call.id, call)) {
            inFlight.decrementAndGet();
            call.future.completeExceptionally(new ControlTimeoutException(call.method + " got no answer within "
                    + timeout.toMillis() + " ms from the daemon at " + path + " (call " + call.id + " on connection #"
                    + number + "); a late answer will be dropped"));
        }
    }

    // ---- reader -------------------------------------------------------------------------------------------

    private final ReplySink sink = new ReplySink() {
        @Override
        public void onResult(long id, JsonNode result) {
            Pending call = answered(id);
            if (call != null) {
                call.future.complete(result);
            }
        }

        @Override
        public void onError(long id, int code, String message, JsonNode data) {
            Pending call = id == ControlCodec.NO_ID ? null : answered(id);
            if (call != null) {
                call.future.completeExceptionally(new ControlCallException(call.method, code, message, data));
            } else if (id == ControlCodec.NO_ID) {
                daemonComplaint = message + " (" + code + ")";
            }
        }

        @Override
        public void onEvent(JsonNode event) {
            lastHeardNanos = System.nanoTime();
            counters.eventsIgnored.increment();
        }
    };

    private Pending answered(long id) {
        lastHeardNanos = System.nanoTime();
        everAnswered = true;
        Pending call = pending.remove(id);
        if (call == null) {
            counters.lateAnswersDropped.increment();
            return null;
        }
        inFlight.decrementAndGet();
        ScheduledFuture<?> timeout = call.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        return call;
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(INITIAL_READ_BUFFER);
        try {
            while (true) {
                int read = channel.read(buffer);
                if (read < 0) {
                    fail("the daemon closed the connection", null);
                    return;
                }
                buffer.flip();
                codec.decode(buffer, sink);
                buffer.compact();
                if (!buffer.hasRemaining()) {
                    int capacity = buffer.capacity() * 2;
                    if (capacity > codec.maxIncoming + ControlWire.HEADER_LENGTH + 1) {
                        capacity = codec.maxIncoming + ControlWire.HEADER_LENGTH + 1;
                    }
                    if (capacity <= buffer.capacity()) {
                        throw new ProtocolViolationException("the daemon sent an answer larger than "
                                + codec.maxIncoming + " bytes");
                    }
                    ByteBuffer larger = ByteBuffer.allocate(capacity);
                    buffer.flip();
                    larger.put(buffer);
                    buffer = larger;
                }
            }
        } catch (AsynchronousCloseException e) {
            fail("the connection was closed", null); // no-op when we closed it ourselves
        } catch (ProtocolViolationException e) {
            fail("protocol error: " + e.getMessage(), e);
        } catch (IOException e) {
            fail(String.valueOf(e.getMessage()), e);
        } catch (RuntimeException | Error e) {
            fail("the reader failed: " + e, e);
        }
    }

    // ---- writer -------------------------------------------------------------------------------------------

    private void writeLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
        try {
            while (!dead) {
                Pending call = writeQueue.take();
                buffer.clear();
                do {
                    byte[] frame = call.frame;
                    call.frame = null;
                    if (frame == null || call.future.isDone()) {
                        continue; // timed out or failed before it was written: never send it
                    }
                    if (frame.length > buffer.remaining()) {
                        flush(buffer);
                        if (frame.length > buffer.capacity()) {
                            writeFully(ByteBuffer.wrap(frame));
                            continue;
                        }
                    }
                    buffer.put(frame);
                } while ((call = writeQueue.poll()) != null);
                flush(buffer);
            }
        } catch (InterruptedException | AsynchronousCloseException e) {
            fail("the connection was closed", null); // no-op when we closed it ourselves
        } catch (IOException e) {
            fail(String.valueOf(e.getMessage()), e);
        } catch (RuntimeException | Error e) {
            fail("the writer failed: " + e, e);
        }
    }

    private void flush(ByteBuffer buffer) throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    // ---- life cycle ---------------------------------------------------------------------------------------

    /** The socket broke: fail every call in flight with a {@link ControlConnectionException} and tell the owner. */
    void fail(String reason, Throwable cause) {
        String complaint = daemonComplaint;
        String why = complaint == null ? reason : reason + " (the daemon said: " + complaint + ")";
        shutDown(method -> new ControlConnectionException("connection to the daemon at " + path + " was lost: " + why,
                cause), true);
    }

    /** Closes on the client's own initiative; in-flight calls fail with {@code failure}, the owner is not told. */
    void close(Function<String, ControlException> failure) {
        shutDown(failure, false);
    }

    private void shutDown(Function<String, ControlException> failure, boolean tellOwner) {
        if (!down.compareAndSet(false, true)) {
            return;
        }
        dead = true;
        closeQuietly(channel);
        writer.interrupt();
        for (Long id : pending.keySet()) {
            Pending call = pending.remove(id);
            if (call != null) {
                inFlight.decrementAndGet();
                ScheduledFuture<?> timeout = call.timeout;
                if (timeout != null) {
                    timeout.cancel(false);
                }
                call.future.completeExceptionally(failure.apply(call.method));
            }
        }
        writeQueue.clear();
        if (tellOwner) {
            onLost.accept(this);
        }
    }

    /** No new calls from now on; the pool closes it once {@link #inFlight()} is 0. */
    void retire() {
        retiring = true;
    }

    /** Sends {@code system.ping} unless one is outstanding; a ping that times out breaks the connection. */
    void healthPing(Duration timeout) {
        if (!pingOutstanding.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<JsonNode> ping = trySend("system.ping", null, null, timeout, false);
        if (ping == null) {
            pingOutstanding.set(false);
            return;
        }
        ping.whenComplete((result, error) -> {
            pingOutstanding.set(false);
            if (error instanceof ControlTimeoutException) {
                fail("the health ping got no answer within " + timeout.toMillis() + " ms", null);
            }
        });
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Open, not retiring: new calls may go here. */
    boolean isLive() {
        return !dead && !retiring;
    }

    boolean isDead() {
        return dead;
    }

    boolean everAnswered() {
        return everAnswered;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    Thread readerThread() {
        return reader;
    }

    Thread writerThread() {
        return writer;
    }

    @Override
    public String toString() {
        return "ControlConnection#" + number + "(" + path + ", " + codec.mode() + ", inFlight=" + inFlight()
                + (dead ? ", dead" : retiring ? ", retiring" : "") + ")";
    }
}
