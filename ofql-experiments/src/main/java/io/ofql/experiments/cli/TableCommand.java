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
            "Results table: tasks (grouped by domain) x algorithms, mean ± std over seeds of the normalized score",
            "at the final evaluation and the best evaluation during training (labelled in the header),",
            "per-domain averages, the best entry of each row in bold, and the IQM over all runs with a",
            "stratified bootstrap 95% confidence interval."
        })
public final class TableCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "Run directories or folders containing them (searched recursively).")
    List<Path> runs;

    @Option(names = "--select", defaultValue = "both",
            description = "final (last evaluation), best (highest evaluation during training) or both side by side (default: ${DEFAULT-VALUE}).")
    String select;

    @Option(names = "--format", defaultValue = "md", description = "md, latex or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--paper", description = {
        "Add the published numbers of the OFQL paper's Table 1 beside the measured ones,",
        "labelled with the selection each column used (DQL: best during training; OFQL, FQL: final)."})
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

    /** {@code final}, {@code best} or {@code both} as the selections to show, in column order. */
    static List<RunResult.Select> select(String s) {
        if (s.equalsIgnoreCase("both")) {
            return List.of(RunResult.Select.FINAL, RunResult.Select.BEST);
        }
        try {
            return List.of(RunResult.Select.valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InputException("--select '" + s + "': expected final, best or both");
        }
    }

    /** The table of {@code runs}, as {@code ofql table} and {@code ofql report} show it. */
    static ScoreTable table(List<Path> runs, List<RunResult.Select> selects, boolean paper, int resamples, long seed)
            throws java.io.IOException {
        if (resamples < 1) {
            throw new InputException("--resamples must be >= 1, got " + resamples);
        }
        return ScoreTable.build(RunResult.load(runs), selects, paper ? PaperTable.load() : null, resamples, seed);
    }

    static String render(List<Path> runs, List<RunResult.Select> selects, TableFormat format, boolean paper, int resamples, long seed)
            throws java.io.IOException {
        return format.render(table(runs, selects, paper, resamples, seed));
    }
}
