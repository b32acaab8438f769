package dev.switchboard.client.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only daemon on a Unix socket that speaks both control framings, written independently of the
 * client's codecs (its own parsing of lines and headers), so client tests do not check the client against
 * itself. By default it answers {@code system.ping} with {@code {"pong":true,"time":…}} and echoes every
 * other call as {@code {"method":…,"params":…,"raw":base64?,"connection":N}}; a {@link Behaviour} can delay
 * answers, answer with errors, never answer, or drop the connection. It can be stopped and started again on
 * the same path.
 */
final class FakeDaemon implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    enum Protocol { JSON_RPC, BINARY }

    /** One request as the daemon read it; {@code bytes} is the whole frame or line as it came. */
    record Request(Protocol protocol, int connection, long id, String method, JsonNode params, byte[] raw, int flags,
                   byte[] bytes) {
    }

    /** What to answer. */
    record Reply(JsonNode result, Integer errorCode, String errorMessage, boolean none, boolean drop,
                 Duration delay) {

        static Reply result(JsonNode result) {
            return new Reply(result, null, null, false, false, Duration.ZERO);
        }

        static Reply error(int code, String message) {
            return new Reply(null, code, message, false, false, Duration.ZERO);
        }

        /** Never answer. */
        static Reply noAnswer() {
            return new Reply(null, null, null, true, false, Duration.ZERO);
        }

        /** Close the connection instead of answering. */
        static Reply dropConnection() {
            return new Reply(null, null, null, false, true, Duration.ZERO);
        }

        Reply after(Duration newDelay) {
            return new Reply(result, errorCode, errorMessage, none, drop, newDelay);
        }
    }

    interface Behaviour {
        Reply handle(Request request);
    }

    /** Pong for system.ping, the echo for everything else, at once. */
    static final Behaviour ECHO = FakeDaemon::echo;

    static Reply echo(Request request) {
        if (request.method().equals("system.ping")) {
            ObjectNode pong = JSON.createObjectNode();
            pong.put("pong", true);
            pong.put("time", System.currentTimeMillis());
            return Reply.result(pong);
        }
        ObjectNode echo = JSON.createObjectNode();
        echo.put("method", request.method());
        echo.set("params", request.params());
        if (request.raw() != null) {
            echo.put("raw", Base64.getEncoder().encodeToString(request.raw()));
        }
        echo.put("connection", request.connection());
        return Reply.result(echo);
    }

    private final Path path;
    private final ScheduledExecutorService delayed = Executors.newScheduledThreadPool(4, task -> {
        Thread thread = new Thread(task, "fake-daemon-delay");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger outOfOrderAnswers = new AtomicInteger();
    private volatile Behaviour behaviour;
    private volatile boolean trickle;
    private volatile boolean dropOnAccept;
    private volatile ServerSocketChannel listener;
    private volatile Thread acceptor;

    FakeDaemon(Path path, Behaviour behaviour) {
        this.path = path;
        this.behaviour = behaviour;
    }

    static FakeDaemon start(Path path, Behaviour behaviour) throws IOException {
        FakeDaemon daemon = new FakeDaemon(path, behaviour);
        daemon.start();
        return daemon;
    }

    synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already running");
        }
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        listener = server;
        acceptor = new Thread(() -> acceptLoop(server), "fake-daemon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops like a daemon that shuts down: closes the listener and every connection, removes the socket file. */
    synchronized void stop() throws IOException {
        kill();
        Files.deleteIfExists(path);
    }

    /** Stops like a daemon that crashed: the socket file stays behind and nobody answers on it. */
    synchronized void kill() throws IOException {
        ServerSocketChannel server = listener;
        listener = null;
        if (server != null) {
            server.close();
        }
        // Wait for the acceptor first: a connection it accepted just before the close would otherwise be
        // registered after the drop below and live on, a zombie daemon the client could still talk to.
        Thread thread = acceptor;
        if (thread != null) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropConnections();
    }

    /** Closes every accepted connection; the listener stays. */
    void dropConnections() {
        for (Connection connection : open) {
            connection.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        delayed.shutdownNow();
    }

    void behaviour(Behaviour newBehaviour) {
        this.behaviour = newBehaviour;
    }

    /** Write every answer one byte at a time (answers split across many reads). */
    void trickle(boolean on) {
        this.trickle = on;
    }

    /** Accept connections and close them 20 ms later, unanswered (a daemon that is up but refuses service). */
    void dropOnAccept(boolean on) {
        this.dropOnAccept = on;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    int accepted() {
        return accepted.get();
    }

    int openConnections() {
        return open.size();
    }

    int maxOpenConnections() {
        return maxOpen.get();
    }

    /** Answers written after an answer to a later request on the same connection. */
    int outOfOrderAnswers() {
        return outOfOrderAnswers.get();
    }

    Path path() {
        return path;
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                if (dropOnAccept) {
                    accepted.incrementAndGet();
                    delayed.schedule(() -> {
                        channel.close();
                        return null;
                    }, 20, TimeUnit.MILLISECONDS);
                    continue;
                }
                Connection connection = new Connection(accepted.incrementAndGet(), channel);
                open.add(connection);
                maxOpen.accumulateAndGet(open.size(), Math::max);
                Thread thread = new Thread(connection::serve, "fake-daemon-conn-" + connection.number);
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Connection {
        final int number;
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
        final Object writeLock = new Object();
        long highestAnswered = -1;

        Connection(int number, SocketChannel channel) {
            this.number = number;
            this.channel = channel;
        }

        void serve() {
            try {
                int first = peekByte();
                if ((first & 0xFF) == 0xB5) {
                    while (true) {
                        handle(readBinary());
                    }
                } else {
                    while (true) {
                        Request request = readJson();
                        if (request != null) {
                            handle(request);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        void close() {
            open.remove(this);
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        private void handle(Request request) {
            requests.add(request);
            Reply reply = behaviour.handle(request);
            if (reply.none()) {
                return;
            }
            if (reply.delay().isZero()) {
                answer(request, reply);
            } else {
                delayed.schedule(() -> answer(request, reply), reply.delay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void answer(Request request, Reply reply) {
            if (reply.drop()) {
                close();
                return;
            }
            byte[] bytes = request.protocol() == Protocol.BINARY ? binaryAnswer(request, reply) : jsonAnswer(request, reply);
            synchronized (writeLock) {
                if (request.id() < highestAnswered) {
                    outOfOrderAnswers.incrementAndGet();
                }
                highestAnswered = Math.max(highestAnswered, request.id());
                try {
                    if (trickle) {
                        for (byte b : bytes) {
                            channel.write(ByteBuffer.wrap(new byte[] {b}));
                        }
                    } else {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }
                } catch (IOException e) {
                    close();
                }
            }
        }

        private byte[] jsonAnswer(Request request, Reply reply) {
            ObjectNode response = JSON.createObjectNode();
            response.put("jsonrpc", "2.0");
            response.put("id", request.id());
            if (reply.errorCode() != null) {
                ObjectNode error = response.putObject("error");
                error.put("code", reply.errorCode());
                error.put("message", reply.errorMessage());
            } else {
                response.set("result", reply.result());
            }
            return (response + "\n").getBytes(StandardCharsets.UTF_8);
        }

        private byte[] binaryAnswer(Request request, Reply reply) {
            byte[] payload;
            int kind;
            if (reply.errorCode() != null) {
                ObjectNode error = JSON.createObjectNode();
                error.put("code", reply.errorCode());
                error.put("message", reply.errorMessage());
                payload = error.toString().getBytes(StandardCharsets.UTF_8);
                kind = 4;
            } else {
                payload = reply.result().toString().getBytes(StandardCharsets.UTF_8);
                kind = 2;
            }
            ByteBuffer frame = ByteBuffer.allocate(16 + payload.length);
            frame.put((byte) 0xB5).put((byte) 0x42).put((byte) 1).put((byte) kind);
            frame.putInt((int) request.id()).putInt(0).putInt(payload.length).put(payload);
            return frame.array();
        }

        // ---- reading, by hand -----------------------------------------------------------------------------

        private int peekByte() throws IOException {
            fill(1);
            return in.get(in.position());
        }

        private void fill(int needed) throws IOException {
            while (in.remaining() < needed) {
                in.compact();
                if (!in.hasRemaining()) {
                    throw new IOException("frame too large for the fake daemon");
                }
                int read = channel.read(in);
                in.flip();
                if (read < 0) {
                    throw new EOFException();
                }
            }
        }

        private byte[] take(int length) throws IOException {
            byte[] bytes = new byte[length];
            int done = 0;
            while (done < length) {
                fill(1);
                int chunk = Math.min(in.remaining(), length - done);
                in.get(bytes, done, chunk);
                done += chunk;
            }
            return bytes;
        }

        private Request readBinary() throws IOException {
            byte[] header = take(16);
            ByteBuffer h = ByteBuffer.wrap(header);
            if ((h.getShort() & 0xFFFF) != 0xB542 || h.get() != 1 || h.get() != 1) {
                throw new IOException("bad header");
            }
            long id = h.getInt() & 0xFFFF_FFFFL;
            int flags = h.getInt();
            int length = h.getInt();
            byte[] payload = take(length);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(header);
            whole.write(payload);
            if ((flags & 1) == 0) {
                JsonNode body = JSON.readTree(payload);
                return new Request(Protocol.BINARY, number, id, body.get("method").asText(), body.get("params"), null,
                        flags, whole.toByteArray());
            }
            ByteBuffer p = ByteBuffer.wrap(payload);
            byte[] method = new byte[p.getShort() & 0xFFFF];
            p.get(method);
            byte[] params = new byte[p.getInt()];
            p.get(params);
            byte[] raw = new byte[p.remaining()];
            p.get(raw);
            return new Request(Protocol.BINARY, number, id, new String(method, StandardCharsets.UTF_8),
                    JSON.readTree(params), raw, flags, whole.toByteArray());
        }

        private Request readJson() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                fill(1);
                byte b = in.get();
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length == 0) {
                return null;
            }
            JsonNode body = JSON.readTree(bytes);
            return new Request(Protocol.JSON_RPC, number, body.get("id").asLong(), body.get("method").asText(),
                    body.get("params"), null, 0, bytes);
        }
    }
}
