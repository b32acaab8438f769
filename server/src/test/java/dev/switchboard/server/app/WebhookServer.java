package dev.switchboard.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A real HTTP server playing the app server's webhook endpoint: records every call and, when told, answers a
 * session_request by starting an app client before it replies (as a real app server does).
 */
final class WebhookServer implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final List<JsonNode> calls = new CopyOnWriteArrayList<>();
    /** The status every call is answered with. */
    volatile int status = 200;
    /** Run for each session_request before the answer; null: just answer. */
    volatile Consumer<JsonNode> onSessionRequest;

    WebhookServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = json.readTree(in.readAllBytes());
                calls.add(body);
                Consumer<JsonNode> action = onSessionRequest;
                if (action != null && "session_request".equals(body.path("type").asText()) && status == 200) {
                    action.accept(body);
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    long count(String type) {
        return calls.stream().filter(c -> type.equals(c.path("type").asText())).count();
    }

    List<JsonNode> of(String type) {
        return calls.stream().filter(c -> type.equals(c.path("type").asText())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
