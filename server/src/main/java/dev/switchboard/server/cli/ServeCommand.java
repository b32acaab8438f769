package dev.switchboard.server.cli;

import dev.switchboard.server.SwitchboardNode;
import dev.switchboard.server.config.LoadedConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code serve}: runs a gateway node until SIGTERM or SIGINT, then shuts down gracefully with exit 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the gateway: WebSocket /ws, HTTP API /api/v1, /healthz, /readyz, /metrics.",
                "Needs no config file and no external service. SIGTERM/SIGINT close every line with 1001, "
                        + "drain, and exit 0."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "N", description = "Gateway HTTP port, 0 picks a free one (default 8080, env SWITCHBOARD_PORT).")
    Integer port;

    @Option(names = "--proxy-port", paramLabel = "N", description = "Dev routing proxy port (default 8081, env SWITCHBOARD_PROXY_PORT).")
    Integer proxyPort;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (port != null) {
            flags.put("port", port.toString());
        }
        if (proxyPort != null) {
            flags.put("proxyPort", proxyPort.toString());
        }
        LoadedConfig loaded = options.load(flags);
        loaded.warnings().forEach(w -> log.warn("config: {}", w));
        log.info("config: {}", loaded.file() == null ? "no file, defaults and environment" : loaded.file());
        SwitchboardNode node;
        try {
            node = SwitchboardNode.start(loaded.config());
        } catch (dev.switchboard.server.control.ControlSocketInUseException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        } catch (dev.switchboard.core.cluster.ClusterUnavailableException e) {
            System.err.println("switchboard: cannot join the cluster: " + e.getMessage()
                    + " (check cluster.redisUrl / SWITCHBOARD_CLUSTER_REDIS_URL, or unset it to run embedded)");
            return 2;
        } catch (Exception e) {
            if (!addressInUse(e)) {
                if (e instanceof java.io.IOException) {
                    System.err.println("switchboard: cannot start: " + e.getMessage());
                    return 2;
                }
                throw e;
            }
            System.err.println("switchboard: cannot listen on " + loaded.config().host() + ":" + loaded.config().port()
                    + ": the address is already in use (another gateway?). Choose another with --port or "
                    + "SWITCHBOARD_PORT, or 0 for any free port.");
            return 2;
        }
        System.out.println("switchboard listening on port " + node.port()
                + " (ws://localhost:" + node.port() + loaded.config().websocket().path() + ")");
        System.out.flush();

        CountDownLatch stop = new CountDownLatch(1);
        // Handling the signals ourselves (not only a shutdown hook) is what lets a SIGTERM end with exit 0.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Thread hook = new Thread(node::close, "sb-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        node.close();
        return 0;
    }

    /** Netty's native transport reports EADDRINUSE as an IOException, not a java.net.BindException. */
    private static boolean addressInUse(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
