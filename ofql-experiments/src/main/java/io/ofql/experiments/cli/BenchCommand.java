package io.ofql.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ofql bench}: throughput measurements written to a file; each kind is a subcommand. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks (environment steps/s, train-step time, actions/s).",
        subcommands = {BenchAgentsCommand.class, BenchEnvCommand.class, BenchLearningCommand.class, BenchMemoryCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a bench subcommand is required");
    }
}
