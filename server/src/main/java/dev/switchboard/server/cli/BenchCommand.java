package dev.switchboard.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: the benchmarks behind bench/README.md, runnable by anyone with one command. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark against a gateway started for the purpose on this machine.",
        subcommands = {BenchControlCommand.class, BenchIdleCommand.class, BenchBroadcastCommand.class,
                BenchCompareCommand.class, BenchTargetedCommand.class, BenchProxyCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
