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
            PresetsCommand.class,
            EvaluateCommand.class,
            SweepCommand.class,
            TableCommand.class,
            PlotCommand.class,
            ReportCommand.class,
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
        configureStartup(args);
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

    /**
     * Settings that must exist before Log4j or the engine start: the log level (Log4j reads it once),
     * offline mode, and torch's CPU thread counts.
     *
     * <p>Torch's intra-op threads default to 1 (or {@code OMP_NUM_THREADS} when set): the networks
     * here are small, so extra threads gain little, while OpenMP threads spinning against other
     * processes on a shared machine made steps up to 10x slower, and a fixed count is what makes
     * CPU runs bit-reproducible and a killed run resume to the same numbers.
     */
    private static void configureStartup(String[] args) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            String omp = System.getenv("OMP_NUM_THREADS");
            System.setProperty("ai.djl.pytorch.num_threads", omp != null && omp.matches("[1-9][0-9]*") ? omp : "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        if (System.getProperty("ofql.log.level") != null) {
            return;
        }
        int v = countVerbose(args);
        System.setProperty("ofql.log.level", v == 0 ? "warn" : v == 1 ? "info" : "debug");
    }

    /** The toolkit's version from the jar's manifest, {@code dev} when run from classes. */
    static String toolkitVersion() {
        String v = Ofql.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Prints the toolkit's version with the library versions it was built with. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ofql " + toolkitVersion()};
        }
    }
}
