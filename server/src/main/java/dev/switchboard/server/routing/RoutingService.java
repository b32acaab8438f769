package dev.switchboard.server.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.routing.ChainRouteResolver;
import dev.switchboard.core.routing.Upstream;
import dev.switchboard.core.routing.UpstreamRegistry;
import dev.switchboard.core.routing.UpstreamSpec;
import dev.switchboard.server.config.ProxyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing domain of one node, with its I/O: the registry (restored from {@code upstreams.json} and
 * reconciled, plus {@code proxy.upstreams} from the config), the resolver, the file kept in step with every
 * change, and the {@code sb-routing} thread that probes upstreams every {@code proxy.probeInterval} and sweeps
 * the resolver's maps every 30 seconds. {@link #close()} stops the thread.
 */
public final class RoutingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutingService.class);
    public static final String FILE_NAME = "upstreams.json";
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final UpstreamRegistry upstreams;
    private final ChainRouteResolver resolver;
    private final UpstreamFile file;
    private final UpstreamProber prober;
    private final ProxyConfig config;
    private final ScheduledExecutorService scheduler;

    private RoutingService(ProxyConfig config, Path home, Clock clock, MeterRegistry registry, ObjectMapper json) {
        this.config = config;
        this.upstreams = new UpstreamRegistry(clock);
        this.file = new UpstreamFile(home.resolve(FILE_NAME), json);
        this.prober = new UpstreamProber(upstreams, config.probeTimeout());
        this.resolver = new ChainRouteResolver(upstreams, config.routing(), clock, registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sb-routing");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The registry and resolver, empty, touching no file yet (see {@link #open()}). */
    public static RoutingService create(ProxyConfig config, Path home, Clock clock, MeterRegistry registry,
                                       ObjectMapper json) {
        return new RoutingService(config, home, clock, registry, json);
    }

    /**
     * Restores {@code upstreams.json} (reconciled), registers {@code proxy.upstreams}, keeps the file in step
     * from now on and starts {@code sb-routing}. The node calls it once its control socket is bound, so a
     * second daemon refused on the same home never rewrites the running one's file.
     */
    public RoutingService open() {
        reconcile(file.load(), config.probeTimeout());
        for (UpstreamSpec spec : config.configuredUpstreams()) {
            upstreams.register(spec);
        }
        upstreams.onChange(file::save);
        file.save(upstreams.list());
        schedule(config.probeInterval(), SWEEP_INTERVAL);
        return this;
    }

    private void schedule(Duration probeInterval, Duration sweepInterval) {
        scheduler.scheduleWithFixedDelay(guarded("probe", prober::probeAll), 0, probeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("sweep", resolver::sweep), sweepInterval.toMillis(),
                sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A failing round is logged and the next one still runs (a scheduled task that throws is never rerun). */
    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("routing {} failed; trying again next round", what, e);
            }
        };
    }

    /** Keeps the persisted entries whose server answers a TCP connect now, probed in parallel. */
    private void reconcile(List<Upstream> persisted, Duration timeout) {
        if (persisted.isEmpty()) {
            return;
        }
        ExecutorService probes = Executors.newFixedThreadPool(Math.min(8, persisted.size()), r -> {
            Thread thread = new Thread(r, "sb-routing-reconcile");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            for (Upstream u : persisted) {
                answers.add(CompletableFuture.supplyAsync(() -> UpstreamProber.answers(u.host(), u.port(), timeout),
                        probes));
            }
            for (int i = 0; i < persisted.size(); i++) {
                Upstream u = persisted.get(i);
                if (answers.get(i).join()) {
                    upstreams.restore(u);
                } else {
                    log.info("dropping persisted upstream {} ({}): it does not answer", u.id(), u.address());
                }
            }
        } finally {
            probes.shutdownNow();
        }
    }

    public UpstreamRegistry upstreams() {
        return upstreams;
    }

    public ChainRouteResolver resolver() {
        return resolver;
    }

    public Path file() {
        return file.path();
    }

    /** One probe round now, on the caller's thread (tests; the scheduler does it every probe interval). */
    public void probeNow() {
        prober.probeAll();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
