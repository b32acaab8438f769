package dev.switchboard.server.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the node's health every interval, keeps the latest report for {@code system.health} and
 * {@code /healthz?verbose}, and rewrites the health file atomically (temp file + rename) so a reader
 * never sees half a report.
 */
public final class HealthReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);
    /** Above this event-loop latency the node reports itself degraded. */
    static final double DEGRADED_LOOP_LATENCY_MS = 100;
    /** Above this share of the maximum heap the node reports itself degraded. */
    static final double DEGRADED_HEAP_SHARE = 0.9;

    private final Clock clock;
    private final Instant startedAt;
    private final Path healthFile;
    private final ObjectMapper json;
    private final EventLoopProbe probe;
    private final Supplier<Map<String, Object>> identity;
    private final Supplier<Map<String, Integer>> openLines;
    private final IntSupplier controlConnections;
    private final ScheduledExecutorService scheduler;
    private volatile Map<String, Object> latest;
    private volatile Supplier<List<String>> moreProblems = List::of;

    /**
     * @param identity           fixed facts to include (version, node, pid, ports, paths)
     * @param openLines          open lines per listener
     * @param controlConnections open control socket connections
     */
    public HealthReporter(Clock clock, Path healthFile, ObjectMapper json, EventExecutorGroup eventLoops,
                          Supplier<Map<String, Object>> identity, Supplier<Map<String, Integer>> openLines,
                          IntSupplier controlConnections) {
        this.clock = clock;
        this.startedAt = clock.instant();
        this.healthFile = healthFile;
        this.json = json;
        this.probe = new EventLoopProbe(eventLoops, 1_000);
        this.identity = identity;
        this.openLines = openLines;
        this.controlConnections = controlConnections;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sb-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Adds problems a feature reports (e.g. "Redis unreachable"); any makes the node "degraded". */
    public HealthReporter withProblems(Supplier<List<String>> problems) {
        this.moreProblems = problems;
        return this;
    }

    /** Gathers and writes a first report now, then every {@code interval}. */
    public void start(Duration interval) {
        refresh();
        scheduler.scheduleAtFixedRate(this::refresh, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The latest report with its cheap figures (time, uptime, lines, control connections) read now; the
     * costly ones (event-loop latency, memory) are from the last gathering, at {@code gatheredAt}. Safe to call
     * on an event loop: it never waits for one.
     */
    public Map<String, Object> latest() {
        Map<String, Object> report = latest;
        if (report == null) {
            return Map.of("status", "starting");
        }
        Map<String, Object> fresh = new LinkedHashMap<>(report);
        Instant now = clock.instant();
        fresh.put("time", now.toString());
        fresh.put("uptimeSeconds", Duration.between(startedAt, now).toSeconds());
        fresh.put("openLines", openLines.get());
        fresh.put("controlConnections", controlConnections.getAsInt());
        return fresh;
    }

    void refresh() {
        try {
            Map<String, Object> report = gather();
            latest = report;
            write(report);
        } catch (RuntimeException | IOException e) {
            log.warn("health report failed: {}", e.toString());
        }
    }

    Map<String, Object> gather() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double loopLatency = probe.worstLatencyMillis();
        long maxHeap = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        List<String> problems = new ArrayList<>();
        if (loopLatency > DEGRADED_LOOP_LATENCY_MS) {
            problems.add("event-loop latency " + Math.round(loopLatency) + " ms");
        }
        if (heap.getUsed() > DEGRADED_HEAP_SHARE * maxHeap) {
            problems.add("heap " + Math.round(100.0 * heap.getUsed() / maxHeap) + "% used");
        }
        problems.addAll(moreProblems.get());
        Instant now = clock.instant();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", problems.isEmpty() ? "ok" : "degraded");
        report.put("problems", problems);
        report.put("time", now.toString());
        report.put("gatheredAt", now.toString());
        report.put("startedAt", startedAt.toString());
        report.put("uptimeSeconds", Duration.between(startedAt, now).toSeconds());
        report.putAll(identity.get());
        report.put("heapUsedBytes", heap.getUsed());
        report.put("heapMaxBytes", maxHeap);
        report.put("rssBytes", ProcessStats.residentBytes());
        report.put("eventLoopLatencyMs", Math.round(loopLatency * 1000) / 1000.0);
        report.put("openLines", openLines.get());
        report.put("controlConnections", controlConnections.getAsInt());
        return report;
    }

    private void write(Map<String, Object> report) throws IOException {
        Files.createDirectories(healthFile.getParent());
        Path temp = Files.createTempFile(healthFile.getParent(), ".health-", ".tmp");
        try {
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            Files.move(temp, healthFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
