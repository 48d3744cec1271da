package io.ofql.experiments.cli;

import io.ofql.InputException;
import io.ofql.experiments.report.Aggregate;
import io.ofql.experiments.report.PaperTable;
import io.ofql.experiments.report.RunResult;
import io.ofql.experiments.report.ScoreTable;
import io.ofql.experiments.report.TableFormat;
import io.ofql.experiments.run.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ofql table}: the paper-style results table of finished (or running) runs. */
@Command(
        name = "table",
        mixinStandardHelpOptions = true,
        description = {
            "Results table: tasks (grouped by domain) x algorithms, mean ± std over seeds of the normalized score,",
            "per-domain averages, the best entry of each row in bold, and the IQM over all runs with a",
            "stratified bootstrap 95% confidence interval."
        })
public final class TableCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "Run directories or folders containing them (searched recursively).")
    List<Path> runs;

    @Option(names = "--select", defaultValue = "final", description = "final (last evaluation) or best (highest evaluation) per seed.")
    String select;

    @Option(names = "--format", defaultValue = "md", description = "md, latex or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--paper", description = "Add the published numbers of the OFQL paper's Table 1 beside the measured ones.")
    boolean paper;

    @Option(names = "--resamples", defaultValue = "" + Aggregate.DEFAULT_RESAMPLES, description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--bootstrap-seed", defaultValue = "" + Aggregate.DEFAULT_SEED, description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long bootstrapSeed;

    @Option(names = "--out", description = "Write the table to this file instead of stdout.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String text = render(runs, select(select), TableFormat.parse(format), paper, resamples, bootstrapSeed);
        if (out == null) {
            System.out.print(text);
        } else {
            AtomicFiles.writeString(out, text);
            System.err.println("ofql: table written to " + out);
        }
        return 0;
    }

    static RunResult.Select select(String s) {
        try {
            return RunResult.Select.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException("--select '" + s + "': expected final or best");
        }
    }

    static String render(List<Path> runs, RunResult.Select select, TableFormat format, boolean paper, int resamples, long seed)
            throws java.io.IOException {
        if (resamples < 1) {
            throw new InputException("--resamples must be >= 1, got " + resamples);
        }
        ScoreTable table = ScoreTable.build(RunResult.load(runs), select, paper ? PaperTable.load() : null, resamples, seed);
        return format.render(table);
    }
}
