package dev.switchboard.server.cli;

import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.server.cli.patchbay.PatchbayAction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cable connect|disconnect}: the patchbay's two changes, for scripts. */
@Command(name = "cable", mixinStandardHelpOptions = true,
        description = {"Change the patchbay from a script (./switchboard cables shows it).",
                "Exit status 0 ok, 1 no daemon, 2 usage error or refused (the daemon's",
                "message is printed)."},
        subcommands = {CableCommand.Connect.class, CableCommand.Disconnect.class})
final class CableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The outcome printed on stdout, a refusal on stderr with exit 2. */
    static int perform(ControlClient client, CommandSpec spec, PatchbayAction action) {
        try {
            spec.commandLine().getOut().println(new ControlPatchbayBackend(client).perform(action));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ControlCallException e) {
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 2;
        }
    }

    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = {"Cable a client to an upstream: its next request and WebSocket upgrade",
                    "go there. CLIENT is a client key from ./switchboard cables --list, or an",
                    "app identifier for a pending cable that takes the app's next new client."})
    static final class Connect extends DaemonCommand {

        @Parameters(index = "0", paramLabel = "CLIENT", description = "Client key, or app identifier for a pending cable.")
        String client;

        @Parameters(index = "1", paramLabel = "UPSTREAM",
                description = "Upstream id from ./switchboard upstreams (or host:port, port, unique name).")
        String upstream;

        @Spec
        CommandSpec spec;

        @Override
        int run(ControlClient control) {
            return perform(control, spec, new PatchbayAction.Connect(client, upstream));
        }
    }

    @Command(name = "disconnect", mixinStandardHelpOptions = true,
            description = {"Remove a client's cable (or a pending one): it is routed automatically",
                    "again. Exit status 0 also when there was no cable to remove (it says so)."})
    static final class Disconnect extends DaemonCommand {

        @Parameters(index = "0", paramLabel = "CLIENT", description = "Client key, or app identifier of a pending cable.")
        String client;

        @Spec
        CommandSpec spec;

        @Override
        int run(ControlClient control) {
            return perform(control, spec, new PatchbayAction.Disconnect(client));
        }
    }
}
