package dev.switchboard.server.cli;

import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot;
import dev.switchboard.server.cli.patchbay.PatchbayText;
import dev.switchboard.server.cli.patchbay.PatchbayScreen;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cables}: the interactive patchbay, or with {@code --list} (or without a terminal) the same as text. */
@Command(name = "cables", mixinStandardHelpOptions = true,
        description = {"The patchbay: which client goes to which dev server, and why.",
                "On a terminal: clients left, upstreams right, a wire where traffic goes;",
                "  arrows move, space picks up a client's cable / plugs it into an upstream,",
                "  n cables the next new client of that app, d disconnects, esc drops, q quits.",
                "With --list, or when stdout is not a terminal, prints the same as plain text.",
                "Exit status 0 ok, 1 no daemon, 2 refused (the daemon's message is printed)."})
final class CablesCommand extends DaemonCommand {

    @Option(names = "--list", description = "Print clients, upstreams and cables as plain text and exit.")
    boolean list;

    @Option(names = "--json", description = "Print cable.list as JSON and exit.")
    boolean json;

    @Option(names = "--refresh", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s",
            description = "How often the patchbay asks the daemon again (default ${DEFAULT-VALUE}).")
    Duration refresh;

    @Spec
    CommandSpec spec;

    /** The terminal to draw on; tests hand in their own, otherwise the system terminal. */
    Terminal terminal;

    @Override
    int run(ControlClient client) {
        ControlPatchbayBackend backend = new ControlPatchbayBackend(client);
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (json) {
                out.println(UpstreamsCommand.pretty(client.call("cable.list", Map.of())));
                out.flush();
                return 0;
            }
            // asked first, so an old daemon without cable.list is a clear exit 2, not an empty screen
            PatchbaySnapshot first = backend.list();
            Terminal screen = list ? null : terminal != null ? terminal : systemTerminal();
            if (screen == null) {
                PatchbayText.lines(first, Instant.now()).forEach(out::println);
                out.flush();
                return 0;
            }
            try {
                return new PatchbayScreen(screen, backend, refresh).run();
            } finally {
                if (screen != terminal) {
                    screen.close();
                }
            }
        } catch (ControlCallException e) {
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real terminal when stdin and stdout both are one; null (print the list instead) otherwise. */
    private static Terminal systemTerminal() throws IOException {
        Terminal terminal = TerminalBuilder.builder().name("switchboard").system(true)
                .systemOutput(TerminalBuilder.SystemOutput.SysOut).dumb(true).build();
        if (terminal.getType() == null || terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            terminal.close();
            return null;
        }
        return terminal;
    }
}
