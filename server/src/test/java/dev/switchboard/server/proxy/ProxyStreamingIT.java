package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream through the proxy: a 100 MiB upload and a 100 MiB download pass with the proxy holding a
 * few MiB at most, the upstream sees the upload before the client has finished sending it, server-sent
 * events arrive one by one while the response is still open, and a WebSocket client that stops reading
 * stops its upstream through the tunnel.
 */
class ProxyStreamingIT {

    private static final long HUNDRED_MIB = 100L * 1024 * 1024;
    /** Far below the 100 MiB a buffering proxy would need (measured peaks are 1-2 MiB). */
    private static final long FLAT = 16L * 1024 * 1024;

    private ProxyFixture fixture;
    private TestUpstream upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        fixture = new ProxyFixture();
        upstream = TestUpstream.start("alpha");
        fixture.resolver.add("u-alpha", upstream.port());
    }

    @AfterEach
    void stop() {
        fixture.close();
        upstream.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fixture.port() + path);
    }

    @Test
    void aHundredMebibyteUploadStreamsThroughWithFlatMemory() throws Exception {
        CountingStream body = new CountingStream(HUNDRED_MIB);
        AtomicLong sentWhenFirstArrived = new AtomicLong(-1);
        upstream.firstUploadChunk.thenRun(() -> sentWhenFirstArrived.set(body.produced.get()));
        try (MemoryWatch memory = new MemoryWatch()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("body-bytes: " + HUNDRED_MIB);
            assertThat(memory.peak()).isLessThan(FLAT);
        }
        assertThat(upstream.uploaded.get()).isEqualTo(HUNDRED_MIB);
        assertThat(sentWhenFirstArrived.get()).isBetween(0L, HUNDRED_MIB / 4);
        assertThat(upstream.seen.get(0).header("transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void aHundredMebibyteDownloadToASlowReaderStreamsWithFlatMemory() throws Exception {
        try (MemoryWatch memory = new MemoryWatch()) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/download?size=" + HUNDRED_MIB))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValueAsLong("content-length")).hasValue(HUNDRED_MIB);
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = response.body()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                    if (total < 8 * 1024 * 1024 && total % (1024 * 1024) < n) {
                        // A slow start: the upstream must wait for us instead of filling the proxy.
                        Thread.sleep(50);
                    }
                }
            }
            assertThat(total).isEqualTo(HUNDRED_MIB);
            assertThat(memory.peak()).isLessThan(FLAT);
        }
    }

    @Test
    void serverSentEventsArriveOneByOneBeforeTheResponseEnds() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/sse")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("X-Switchboard-Route")).hasValue("fallback u-alpha");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 1; i <= 3; i++) {
                upstream.sse("event " + i);
                assertThat(events.readLine()).isEqualTo("data: event " + i);
                assertThat(events.readLine()).isEmpty();
            }
            upstream.endSse();
            assertThat(events.readLine()).isNull();
        }
    }

    @Test
    void aClientThatLeavesAnEventStreamClosesTheUpstreamConnection() throws Exception {
        try (RawHttp client = new RawHttp(fixture.port())) {
            client.send("GET /sse HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> upstream.openChildren() == 1);
            upstream.sse("one");
        }
        // The proxy notices when its next write fails, or when the client's close is read.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            upstream.sse("ping");
            return upstream.openChildren() == 0;
        });
    }

    @Test
    void aWebSocketClientThatStopsReadingStopsTheUpstreamNotTheProxysMemory() throws Exception {
        try (MemoryWatch memory = new MemoryWatch();
             dev.switchboard.server.RawWebSocket ws = dev.switchboard.server.RawWebSocket.open(fixture.port(), "/ws",
                     64 * 1024)) {
            assertThat(ws.read().text()).isEqualTo("hello from alpha");
            ws.sendText("flood");
            // Not reading: the upstream can write only what the socket buffers and the proxy's 256 KiB queue take.
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = upstream.floodSent.get();
                return now > 0 && now == last.getAndSet(now);
            });
            long stalledAt = upstream.floodSent.get();
            assertThat(stalledAt).isLessThan(TestUpstream.FLOOD_TOTAL / 4);
            assertThat(memory.peak()).isLessThan(FLAT);
            // Reading again drains it all, intact.
            long received = 0;
            while (received < TestUpstream.FLOOD_TOTAL) {
                dev.switchboard.server.RawWebSocket.Frame frame = ws.read();
                assertThat(frame.opcode()).isEqualTo(dev.switchboard.server.RawWebSocket.BINARY);
                received += frame.payload().length;
            }
            assertThat(received).isEqualTo(TestUpstream.FLOOD_TOTAL);
            assertThat(memory.peak()).isLessThan(FLAT);
        }
    }

    /** Generates {@code size} bytes on demand, counting what has been read so far. */
    private static final class CountingStream extends InputStream {
        final AtomicLong produced = new AtomicLong();
        private final long size;

        CountingStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = size - produced.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            produced.addAndGet(n);
            return n;
        }
    }

    /**
     * Samples every 5 ms the memory held in buffers: the proxy's pooled allocator (bytes pinned by live buffers,
     * not the chunks it keeps for reuse) and the default allocator (the test upstream).
     */
    private static final class MemoryWatch implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        MemoryWatch() {
            ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            PooledByteBufAllocator proxy = ProxyServer.ALLOCATOR;
            long baseline = held(metric, proxy);
            sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(held(metric, proxy) - baseline, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        private static long held(ByteBufAllocatorMetric metric, PooledByteBufAllocator proxy) {
            return metric.usedDirectMemory() + metric.usedHeapMemory() + proxy.pinnedDirectMemory()
                    + proxy.pinnedHeapMemory();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            sampler.join();
        }
    }
}
