package dev.switchboard.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server: attempts, answers, timeouts. */
class HttpWebhookSenderTest {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;
    private HttpWebhookSender sender;

    private String serve(int failFirst, long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int call = calls.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(call <= failFirst ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aFailedAttemptIsRetried() throws Exception {
        String url = serve(1, 0);
        sender = new HttpWebhookSender(Duration.ofSeconds(2), 2);

        sender.post(url, "{\"type\":\"session_request\"}".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

        assertThat(calls.get()).isEqualTo(2);
        assertThat(bodies).containsOnly("{\"type\":\"session_request\"}");
    }

    @Test
    void failsAfterItsAttemptsSayingWhy() throws Exception {
        String url = serve(10, 0);
        sender = new HttpWebhookSender(Duration.ofSeconds(2), 3);

        assertThatThrownBy(() -> sender.post(url, new byte[] {'{', '}'}).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("HTTP 503")
                .hasMessageContaining("3 attempt(s)");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aSlowAppServerTimesOut() throws Exception {
        String url = serve(0, 3_000);
        sender = new HttpWebhookSender(Duration.ofMillis(200), 1);

        assertThatThrownBy(() -> sender.post(url, new byte[] {'{', '}'}).join())
                .hasMessageContaining("Timeout");
    }

    @Test
    void nobodyListeningIsAFailureNotAHang() {
        sender = new HttpWebhookSender(Duration.ofSeconds(1), 2);

        assertThatThrownBy(() -> sender.post("http://127.0.0.1:1/hook", new byte[] {'{', '}'}).join())
                .hasMessageContaining("2 attempt(s)");
    }
}
