package dev.switchboard.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.switchboard.server.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code ./switchboard}: the command line of the gateway and of the tools that talk to it. */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"A real-time connection gateway: authenticated WebSocket lines, routed delivery.", ""},
        subcommands = {ServeCommand.class, TokenCommand.class, ListenCommand.class, StatusCommand.class,
                CallCommand.class, PublishCommand.class, BenchCommand.class,
                UpstreamsCommand.class, CablesCommand.class, CableCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with: ./switchboard serve    then see README.md for a five-minute walkthrough."})
public final class SwitchboardCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Log at debug level, including every routing decision.")
    void debug(boolean on) {
        if (on) {
            ((Logger) LoggerFactory.getLogger("dev.switchboard")).setLevel(Level.DEBUG);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it exactly as the launcher does. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SwitchboardCommand());
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof ConfigException || error instanceof IllegalStateException
                    || error instanceof IllegalArgumentException) {
                commandLine.getErr().println("switchboard: " + error.getMessage());
                return 2;
            }
            throw error;
        });
        return cli;
    }
}
