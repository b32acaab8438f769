package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.client.control.ControlClientOptions;
import dev.switchboard.client.control.ControlException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Base of the commands that talk to a running daemon through its control socket. The socket path comes
 * from the same configuration the daemon reads, so the two always agree; a daemon that is not there gives
 * the client's one-line "no daemon at PATH; start one with ./switchboard serve".
 */
abstract class DaemonCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOptions options;

    @Override
    public final Integer call() {
        ControlClientOptions clientOptions = ControlClientOptions.forSocket(options.load(Map.of()).config().controlSocket())
                .withPool(1, 1);
        try (ControlClient client = ControlClient.connect(clientOptions)) {
            return run(client);
        } catch (ControlException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 1;
        }
    }

    abstract int run(ControlClient client);

    static void print(JsonNode node) {
        try {
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
