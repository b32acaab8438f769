package dev.switchboard.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.control.ControlCallException;
import dev.switchboard.client.control.ControlClient;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot;
import dev.switchboard.server.cli.patchbay.PatchbayText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upstreams}: the registered dev servers, and {@code register}/{@code unregister} for scripts. */
@Command(name = "upstreams", mixinStandardHelpOptions = true,
        description = {"The dev servers behind the routing proxy; register, unregister.",
                "Lists id, name, bundle id, address, live or DEAD, root. Exit status 0 ok,",
                "1 no daemon, 2 refused (the daemon's message is printed)."},
        subcommands = {UpstreamsCommand.Register.class, UpstreamsCommand.Unregister.class})
final class UpstreamsCommand extends DaemonCommand {

    @Option(names = "--json", description = "Print upstream.list as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    int run(ControlClient client) {
        return refusalsExit2(spec, () -> {
            JsonNode result = client.call("upstream.list", Map.of());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(pretty(result));
            } else {
                PatchbayText.upstreams(PatchbaySnapshot.upstreams(result.path("upstreams")), Instant.now())
                        .forEach(out::println);
            }
            out.flush();
        });
    }

    /** Runs a call that prints its outcome; a refusal is printed to stderr and gives exit 2. */
    static int refusalsExit2(CommandSpec spec, Runnable call) {
        try {
            call.run();
            return 0;
        } catch (ControlCallException e) {
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            return 2;
        }
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register a dev server (the same host:port again updates that entry)."})
    static final class Register extends DaemonCommand {

        @Option(names = "--port", required = true, description = "The dev server's port.")
        int port;

        @Option(names = "--host", description = "Its host (the daemon's default: 127.0.0.1).")
        String host;

        @Option(names = "--name", description = "A short name, also matched against a client's app.")
        String name;

        @Option(names = "--bundle-id", description = "The app's bundle id, matched against a client's app.")
        String bundleId;

        @Option(names = "--root", description = "The project directory it serves, for the operator's eyes.")
        String root;

        @Spec
        CommandSpec spec;

        @Override
        int run(ControlClient client) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("port", port);
            putIfSet(params, "host", host);
            putIfSet(params, "name", name);
            putIfSet(params, "bundleId", bundleId);
            putIfSet(params, "root", root);
            return refusalsExit2(spec, () -> {
                PatchbaySnapshot.Upstream upstream = PatchbaySnapshot.Upstream.fromJson(client.call("upstream.register", params));
                spec.commandLine().getOut().println("registered " + upstream.id() + " " + upstream.label() + " at "
                        + upstream.address() + (upstream.live() ? " (live)" : " (not answering yet)"));
                spec.commandLine().getOut().flush();
            });
        }

        private static void putIfSet(Map<String, Object> params, String key, String value) {
            if (value != null && !value.isBlank()) {
                params.put(key, value);
            }
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true,
            description = {"Unregister a dev server by id. Exit status 0 also when there was none",
                    "(it says so)."})
    static final class Unregister extends DaemonCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "Upstream id from ./switchboard upstreams.")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        int run(ControlClient client) {
            return refusalsExit2(spec, () -> {
                boolean removed = client.call("upstream.unregister", Map.of("id", id)).path("removed").asBoolean(false);
                spec.commandLine().getOut().println(removed ? "unregistered " + id : "nothing to unregister: no upstream " + id);
                spec.commandLine().getOut().flush();
            });
        }
    }
}
