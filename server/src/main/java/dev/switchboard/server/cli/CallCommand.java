package dev.switchboard.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code call}: any control method by name, for scripts and for exploring ({@code call system.methods}). */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Call a control method on the running daemon and print its result as JSON.",
                "Example: ./switchboard call hub.publish '{\"device\":\"phone\",\"data\":\"hi\"}'",
                "List the methods with: ./switchboard call system.methods"})
final class CallCommand extends DaemonCommand {

    @Parameters(index = "0", paramLabel = "METHOD", description = "Method name, area.verb (e.g. system.info).")
    String method;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PARAMS_JSON", description = "Params as a JSON object.")
    String params;

    @Override
    int run(ControlClient client) {
        JsonNode parsed;
        try {
            parsed = params == null ? JSON.createObjectNode() : JSON.readTree(params);
        } catch (JsonProcessingException e) {
            System.err.println("switchboard: PARAMS_JSON is not valid JSON: " + e.getOriginalMessage());
            return 2;
        }
        try {
            print(client.call(method, parsed));
            return 0;
        } catch (ControlCallException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 1;
        }
    }
}
