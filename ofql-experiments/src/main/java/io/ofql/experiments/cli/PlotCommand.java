package io.ofql.experiments.cli;

import io.ofql.InputException;
import io.ofql.experiments.report.CurvePlot;
import io.ofql.experiments.report.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ofql plot}: learning curves to PNG. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = "Learning curves (normalized score vs steps, mean ± std over seeds per algorithm, one panel per task) as PNG.")
public final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "Run directories or folders containing them.")
    List<Path> runs;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new InputException("--out " + out + ": expected a .png file name");
        }
        List<RunResult> results = RunResult.load(runs);
        CurvePlot.write(results, out);
        System.err.println("ofql: plot written to " + out);
        return 0;
    }
}
