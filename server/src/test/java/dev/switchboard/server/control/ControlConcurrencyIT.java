package dev.switchboard.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlWire;
import dev.switchboard.server.control.binary.Frames;
import dev.switchboard.server.http.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's failure (a daemon that broke after a few operations because two protocol handlers read one socket)
 * as a regression test: 100 JSON-RPC clients and 100 binary clients at once, 1,000 calls each, every answer
 * checked against its own call, and the daemon healthy afterwards.
 */
@Timeout(180)
class ControlConcurrencyIT {

    private static final int CLIENTS_PER_PROTOCOL = 100;
    private static final int CALLS = 1_000;
    private static final int WINDOW = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    record EchoParams(int client, int n) {
    }

    @TempDir
    Path home;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestHub testHub = new TestHub(registry);
    private final EventLoopGroup boss = Transports.group(1, "test-control-accept");
    private final EventLoopGroup workers = Transports.group(2, "test-control-io");
    private ControlServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void twoHundredClientsOfBothProtocolsAllGetTheirOwnAnswers() throws Exception {
        testHub.methods.register("test.echo", EchoParams.class, "{client, n}", "echoes",
                (p, ctx) -> Map.of("client", p.client(), "n", p.n(), "protocol", ctx.protocol()));
        Path socket = home.resolve("control.sock");
        server = ControlServer.start(socket, ControlSettings.DEFAULT, testHub.methods, registry, boss, workers);

        ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_PROTOCOL);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS_PER_PROTOCOL; c++) {
                results.add(pool.submit(jsonClient(socket, c)));
                results.add(pool.submit(binaryClient(socket, CLIENTS_PER_PROTOCOL + c)));
            }
            int answered = 0;
            for (Future<Integer> result : results) {
                answered += result.get(120, TimeUnit.SECONDS);
            }
            assertThat(answered).isEqualTo(2 * CLIENTS_PER_PROTOCOL * CALLS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(registry.get("switchboard.control.calls").tags("method", "test.echo", "outcome", "ok").timer()
                .count()).isEqualTo(2L * CLIENTS_PER_PROTOCOL * CALLS);
        assertThat(registry.find("switchboard.control.calls").tags("outcome", "error").timers())
                .allSatisfy(t -> assertThat(t.count()).isZero());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        try (UnixClient after = UnixClient.connect(socket)) {
            after.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"system.health\",\"id\":1}");
            assertThat(JSON.readTree(after.readLine()).at("/result/status").asText()).isEqualTo("ok");
        }
    }

    private static Callable<Integer> jsonClient(Path socket, int client) {
        return () -> {
            int answered = 0;
            try (UnixClient connection = UnixClient.connect(socket)) {
                for (int start = 0; start < CALLS; start += WINDOW) {
                    StringBuilder window = new StringBuilder();
                    for (int n = start; n < start + WINDOW; n++) {
                        window.append("{\"jsonrpc\":\"2.0\",\"method\":\"test.echo\",\"params\":{\"client\":")
                                .append(client).append(",\"n\":").append(n).append("},\"id\":").append(n).append("}\n");
                    }
                    connection.write(window.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    for (int n = start; n < start + WINDOW; n++) {
                        JsonNode reply = JSON.readTree(connection.readLine());
                        assertThat(reply.get("id").asInt()).isEqualTo(n);
                        assertThat(reply.at("/result/client").asInt()).isEqualTo(client);
                        assertThat(reply.at("/result/n").asInt()).isEqualTo(n);
                        assertThat(reply.at("/result/protocol").asText()).isEqualTo("jsonrpc");
                        answered++;
                    }
                }
            }
            return answered;
        };
    }

    private static Callable<Integer> binaryClient(Path socket, int client) {
        return () -> {
            int answered = 0;
            try (UnixClient connection = UnixClient.connect(socket)) {
                for (int start = 0; start < CALLS; start += WINDOW) {
                    java.io.ByteArrayOutputStream window = new java.io.ByteArrayOutputStream();
                    for (int n = start; n < start + WINDOW; n++) {
                        window.write(Frames.request(client * 10_000 + n, "test.echo",
                                "{\"client\":" + client + ",\"n\":" + n + "}"));
                    }
                    connection.write(window.toByteArray());
                    for (int n = start; n < start + WINDOW; n++) {
                        Frames.Frame reply = connection.readFrame();
                        assertThat(reply.kind()).isEqualTo(ControlWire.KIND_RESPONSE);
                        assertThat(reply.requestId()).isEqualTo(client * 10_000 + n);
                        assertThat(reply.json().get("client").asInt()).isEqualTo(client);
                        assertThat(reply.json().get("n").asInt()).isEqualTo(n);
                        assertThat(reply.json().get("protocol").asText()).isEqualTo("binary");
                        answered++;
                    }
                }
            }
            return answered;
        };
    }
}
