package io.ofql.experiments.cli;

import io.ofql.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code ofql} command line. Subcommands are registered in the annotation below; each one
 * lives in its own class in this package.
 *
 * <p>Bad input surfaces as an {@link InputException} (or a picocli parameter error) and is
 * printed as one line on stderr with exit code 2; any other failure prints one line with exit
 * code 1. Stack traces are shown only with {@code -vv}.
 */
@Command(
        name = "ofql",
        mixinStandardHelpOptions = true,
        versionProvider = Ofql.Version.class,
        description = "One-Step Flow Q-Learning and its baselines for offline RL (DJL + MuJoCo).",
        subcommands = {
            CommandLine.HelpCommand.class,
            BenchCommand.class,
            DatasetCommand.class,
            EnvCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            SweepCommand.class,
            TableCommand.class,
            PlotCommand.class,
            DemoCommand.class
        })
public final class Ofql implements Runnable {

    @Option(
            names = {"-v", "--verbose"},
            description = "More log output (-v: info, -vv: debug and stack traces).",
            scope = CommandLine.ScopeType.INHERIT)
    boolean[] verbosity = new boolean[0];

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line in-process and returns its exit code (used by tests too). */
    public static int execute(String... args) {
        configureLogging(args);
        CommandLine cli = new CommandLine(new Ofql());
        cli.setParameterExceptionHandler(
                (ex, badArgs) -> {
                    CommandLine cmd = ex.getCommandLine();
                    cmd.getErr().println("ofql: " + String.valueOf(ex.getMessage()).replace('\n', ' ')
                            + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    boolean trace = countVerbose(parseResult.originalArgs().toArray(new String[0])) > 1;
                    if (trace) {
                        ex.printStackTrace(commandLine.getErr());
                    }
                    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                    commandLine.getErr().println("ofql: " + msg.replace('\n', ' '));
                    return ex instanceof InputException ? 2 : 1;
                });
        return cli.execute(args);
    }

    private static int countVerbose(String[] args) {
        int n = 0;
        for (String a : args) {
            if (a.equals("--verbose")) {
                n++;
            } else if (a.matches("-v+")) {
                n += a.length() - 1;
            }
        }
        return n;
    }

    /** Log4j reads its level once at start-up, so the level is set before anything logs. */
    private static void configureLogging(String[] args) {
        if (System.getProperty("ofql.log.level") != null) {
            return;
        }
        int v = countVerbose(args);
        System.setProperty("ofql.log.level", v == 0 ? "warn" : v == 1 ? "info" : "debug");
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    }

    /** Prints the toolkit's version with the library versions it was built with. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Ofql.class.getPackage().getImplementationVersion();
            return new String[] {"ofql " + (v == null ? "dev" : v)};
        }
    }
}
