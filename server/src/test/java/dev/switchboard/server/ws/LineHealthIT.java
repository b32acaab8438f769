package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.hub.DuplicatePolicy;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import dev.switchboard.server.RawWebSocket;
import dev.switchboard.server.TestGateway;
import dev.switchboard.server.config.WebSocketConfig;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeat, size limit, slow consumers and graceful shutdown, with short configured timers. */
class LineHealthIT {

    private static final long KIB = 1024;

    @TempDir
    Path home;
    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private TestGateway start(Duration ping, Duration idle, Duration writeTimeout, long maxMessage, long low,
                              long high, long maxOutbound) throws Exception {
        gateway = TestGateway.start(home, new WebSocketConfig("/ws", ping, idle, writeTimeout, maxMessage, low, high,
                maxOutbound, DuplicatePolicy.REJECT, 64, Duration.ofSeconds(10)));
        return gateway;
    }

    private TestGateway startWithTimers(Duration ping, Duration idle) throws Exception {
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        return start(ping, idle, d.writeTimeout(), d.maxMessageSize(), d.writeBufferLow(), d.writeBufferHigh(),
                d.maxOutboundBuffer());
    }

    @Test
    void serverPingsAndClosesAPeerThatNeverAnswersWith4000() throws Exception {
        startWithTimers(Duration.ofMillis(200), Duration.ofMillis(700));
        try (RawWebSocket silent = gateway.connect("alice", "phone")) {
            long started = System.nanoTime();
            assertThat(silent.read().opcode()).as("first frame after the ack is a ping").isEqualTo(RawWebSocket.PING);
            RawWebSocket.Frame close = silent.readUntil(RawWebSocket.CLOSE);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(elapsedMillis).as("closed at the idle timeout, not before").isGreaterThanOrEqualTo(400);
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.node.hub().lineCount() == 0);
        }
    }

    @Test
    void peerThatAnswersPingsStaysOpenPastTheIdleTimeout() throws Exception {
        startWithTimers(Duration.ofMillis(150), Duration.ofMillis(500));
        try (RawWebSocket polite = gateway.connect("alice", "phone")) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_600);
            int pings = 0;
            while (System.nanoTime() < until) {
                RawWebSocket.Frame frame = polite.read();
                assertThat(frame.opcode()).as("no close while answering pings").isNotEqualTo(RawWebSocket.CLOSE);
                if (frame.opcode() == RawWebSocket.PING) {
                    pings++;
                    polite.send(RawWebSocket.PONG, frame.payload());
                }
            }
            assertThat(pings).isGreaterThanOrEqualTo(5);
            assertThat(gateway.publish("{\"device\":\"phone\",\"data\":\"alive\"}").body())
                    .isEqualTo("{\"delivered\":1}");
        }
    }

    @Test
    void oversizedMessageIsClosedWith1009() throws Exception {
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        start(d.pingInterval(), d.idleTimeout(), d.writeTimeout(), 1024, d.writeBufferLow(), d.writeBufferHigh(),
                d.maxOutboundBuffer());
        try (RawWebSocket big = gateway.connect("alice", "phone");
             RawWebSocket bystander = gateway.connect("bob", "tablet")) {
            byte[] payload = new byte[2048];
            Arrays.fill(payload, (byte) 'x');
            big.send(RawWebSocket.TEXT, payload);

            assertThat(big.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1009);
            assertThat(gateway.publish("{\"device\":\"tablet\",\"data\":\"unaffected\"}").body())
                    .isEqualTo("{\"delivered\":1}");
            assertThat(bystander.readTextContaining("unaffected").text()).contains("\"seq\":1");
        }
    }

    @Test
    void oversizedFragmentedMessageIsClosedWith1009() throws Exception {
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        start(d.pingInterval(), d.idleTimeout(), d.writeTimeout(), 1024, d.writeBufferLow(), d.writeBufferHigh(),
                d.maxOutboundBuffer());
        try (RawWebSocket big = gateway.connect("alice", "phone")) {
            byte[] part = new byte[700]; // each fragment fits, the message does not
            Arrays.fill(part, (byte) 'x');
            big.send(RawWebSocket.TEXT, part, false);
            big.send(0x0, part, true);

            assertThat(big.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void slowReaderIsClosedWhileOtherLinesKeepReceiving() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(500), 64 * KIB, 8 * KIB, 16 * KIB,
                256 * KIB);
        int messages = 1_000;
        byte[] chunk = new byte[8 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        String data = "\"" + new String(chunk, java.nio.charset.StandardCharsets.US_ASCII) + "\"";

        try (RawWebSocket slow = RawWebSocket.open(gateway.port(), "/ws?token=" + gateway.token("s", "slow"), 4096);
             RawWebSocket fast = gateway.connect("f", "fast")) {
            assertThat(slow.status).isEqualTo(101);
            AtomicInteger received = new AtomicInteger();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    while (received.get() < messages) {
                        if (fast.read().opcode() == RawWebSocket.TEXT && received.incrementAndGet() == messages) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The slow line never reads past its handshake answer: its buffers fill and stay full.
            Message message = Message.json(data);
            for (int i = 0; i < messages; i++) {
                gateway.node.hub().publish(Target.broadcast(), message);
                // A healthy phone keeps up: never more than 16 messages (128 KiB) ahead of the fast reader, half its
                // 256 KiB bound, however late a loaded machine schedules the reader thread.
                while (i + 1 - received.get() > 16 && !reader.isDone()) {
                    Thread.sleep(1);
                }
            }

            reader.get(30, TimeUnit.SECONDS);
            assertThat(received.get()).isEqualTo(messages);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.node.hub().lineOfDevice("slow").isEmpty());
            assertThat(gateway.node.hub().lineOfDevice("fast")).isPresent();
            assertThat(gateway.node.registry().scrape())
                    .containsPattern("switchboard_lines_closed_total\\{reason=\"slow_consumer\"\\} 1\\.0");
        }
    }

    @Test
    void connectionThatNeverCompletesItsHandshakeIsClosed() throws Exception {
        WebSocketConfig d = WebSocketConfig.DEFAULT;
        gateway = TestGateway.start(home, new WebSocketConfig("/ws", d.pingInterval(), d.idleTimeout(),
                d.writeTimeout(), d.maxMessageSize(), d.writeBufferLow(), d.writeBufferHigh(), d.maxOutboundBuffer(),
                DuplicatePolicy.REJECT, 64, Duration.ofMillis(300)));
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", gateway.port())) {
            idle.getOutputStream().write("GET /ws HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            idle.setSoTimeout(5_000);
            long started = System.nanoTime();
            assertThat(idle.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void gracefulShutdownClosesEveryLineWith1001() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10), 64 * KIB, 32 * KIB, 64 * KIB,
                KIB * KIB);
        try (RawWebSocket a = gateway.connect("alice", "phone");
             RawWebSocket b = gateway.connect("bob", "tablet")) {
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(gateway::close);

            assertThat(a.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1001);
            assertThat(b.readUntil(RawWebSocket.CLOSE).closeCode()).isEqualTo(1001);
            shutdown.get(10, TimeUnit.SECONDS);
            gateway = null;
            assertThat(refusesConnections(a)).isTrue();
        }
    }

    private static boolean refusesConnections(RawWebSocket closed) {
        try {
            closed.read();
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
