package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot;
import dev.switchboard.server.cli.patchbay.PatchbayAction;
import dev.switchboard.server.cli.patchbay.PatchbayScreen;
import java.time.Duration;
import java.util.Map;

/**
 * The patchbay's calls over the control socket: {@code cable.list}, {@code cable.connect},
 * {@code cable.disconnect}. Shared by the TUI and by {@code cable connect|disconnect}, so both say the
 * same thing about the same outcome. Daemon refusals surface as {@link
 * dev.switchboard.client.control.ControlCallException} with the daemon's message.
 */
final class ControlPatchbayBackend implements PatchbayScreen.Backend {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ControlClient client;

    ControlPatchbayBackend(ControlClient client) {
        this.client = client;
    }

    @Override
    public PatchbaySnapshot list() {
        return PatchbaySnapshot.fromJson(client.call("cable.list", Map.of(), TIMEOUT));
    }

    @Override
    public String perform(PatchbayAction action) {
        if (action instanceof PatchbayAction.Connect connect) {
            JsonNode result = client.call("cable.connect",
                    Map.of("client", connect.client(), "upstream", connect.upstream()), TIMEOUT);
            String upstream = result.path("upstream").asText(connect.upstream());
            return result.path("pending").asBoolean(false)
                    ? "pending cable: the next new " + connect.client() + " client goes to " + upstream
                    : "plugged " + connect.client() + " into " + upstream + ": its next request follows the cable";
        }
        PatchbayAction.Disconnect disconnect = (PatchbayAction.Disconnect) action;
        JsonNode result = client.call("cable.disconnect", Map.of("client", disconnect.client()), TIMEOUT);
        return result.path("removed").asBoolean(false)
                ? "disconnected " + disconnect.client() + ": its routing is learned again"
                : "nothing to disconnect: " + disconnect.client() + " has no cable";
    }
}
