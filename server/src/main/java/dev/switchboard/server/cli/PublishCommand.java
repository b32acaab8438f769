package dev.switchboard.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code publish}: deliver a message to a device, a user, a channel or everyone, through the daemon. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish a message through the running daemon and print how many lines it reached.",
                "DATA is sent as JSON when it parses as JSON, otherwise as a string.",
                "Exit status 0 when at least one line took it, 4 when none did, 1 on error.",
                "Example: ./switchboard publish --device phone '{\"hello\":\"world\"}'"})
final class PublishCommand extends DaemonCommand {

    static final class TargetOption {
        @Option(names = "--device", paramLabel = "D", description = "One device.")
        String device;
        @Option(names = "--user", paramLabel = "U", description = "Every device of a user.")
        String user;
        @Option(names = "--channel", paramLabel = "C", description = "Every subscriber of a channel.")
        String channel;
        @Option(names = "--all", description = "Every line.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetOption target;

    @Parameters(index = "0", paramLabel = "DATA", description = "The message: JSON, or any text.")
    String data;

    @Override
    int run(ControlClient client) {
        ObjectNode params = JSON.createObjectNode();
        if (target.device != null) {
            params.put("device", target.device);
        } else if (target.user != null) {
            params.put("user", target.user);
        } else if (target.channel != null) {
            params.put("channel", target.channel);
        } else {
            params.put("broadcast", true);
        }
        params.set("data", asJson(data));
        try {
            int delivered = client.call("hub.publish", params).path("delivered").asInt();
            System.out.println("delivered " + delivered);
            return delivered > 0 ? 0 : 4;
        } catch (ControlCallException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 1;
        }
    }

    private static JsonNode asJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(text);
        }
    }
}
