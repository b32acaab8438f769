package dev.switchboard.server.cli;

import dev.switchboard.client.DeviceClient;
import dev.switchboard.server.config.SwitchboardConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code listen}: connects to a running gateway as a device and prints every frame that arrives, one per
 * line (binary frames as {@code binary <base64>}), until the gateway closes the line or Ctrl-C.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Connect as a device and print every frame that arrives, one per line.",
                "Mints its own token with the gateway's secret. Exits when the gateway closes the line."})
final class ListenCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Mixin
    DeviceIdentity identity;

    @Option(names = "--channel", paramLabel = "C", description = "Subscribe to this channel (repeatable).")
    List<String> channels = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N", description = "Gateway port (default: the configured port).")
    Integer port;

    @Option(names = "--url", paramLabel = "URL", description = "Full WebSocket URL, overriding --port.")
    URI url;

    @Option(names = "--token", paramLabel = "JWT", description = "Use this token instead of minting one.")
    String token;

    @Override
    public Integer call() {
        SwitchboardConfig config = options.load(Map.of()).config();
        URI target = url != null ? url : URI.create("ws://localhost:" + (port != null ? port : config.port())
                + config.websocket().path());
        String jwt = token != null ? token : identity.mintToken(config, null, Duration.ofHours(24));
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        DeviceClient client;
        try {
            client = DeviceClient.connect(target, jwt, Duration.ofSeconds(10), new Printer(closed));
        } catch (DeviceClient.RefusedException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("switchboard: cannot connect to " + target + ": " + rootMessage(e)
                    + "\nIs a gateway running? Start one with ./switchboard serve");
            return 1;
        }
        for (String channel : channels) {
            client.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel.replace("\"", "") + "\"}");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(client::close));
        return closed.join();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static final class Printer implements DeviceClient.Listener {
        private final CompletableFuture<Integer> closed;

        Printer(CompletableFuture<Integer> closed) {
            this.closed = closed;
        }

        @Override
        public void onText(String text) {
            System.out.println(text);
            System.out.flush();
        }

        @Override
        public void onBinary(byte[] bytes) {
            System.out.println("binary " + Base64.getEncoder().encodeToString(bytes));
            System.out.flush();
        }

        @Override
        public void onClose(int code, String reason) {
            System.err.println("closed: " + code + " " + reason);
            closed.complete(code == 1000 ? 0 : 3);
        }

        @Override
        public void onError(Throwable error) {
            System.err.println("error: " + error);
            closed.complete(1);
        }
    }
}
