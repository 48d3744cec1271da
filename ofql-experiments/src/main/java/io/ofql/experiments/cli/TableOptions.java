package io.ofql.experiments.cli;

import io.ofql.InputException;
import io.ofql.experiments.report.Aggregate;
import io.ofql.experiments.report.PaperTable;
import io.ofql.experiments.report.RunResult;
import io.ofql.experiments.report.ScoreTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that shape the score table, shared by {@code ofql table} and {@code ofql report}. */
final class TableOptions {
    @Option(names = "--select", defaultValue = "both",
            description = "final (last evaluation), best (highest evaluation during training) or both side by side (default: ${DEFAULT-VALUE}).")
    String select = "both";

    @Option(names = "--paper", description = "Add the published numbers of the OFQL paper's Table 1 beside the measured"
            + " ones, labelled with the selection each column used (DQL: best during training; OFQL, FQL: final).")
    boolean paper;

    @Option(names = "--resamples", defaultValue = "" + Aggregate.DEFAULT_RESAMPLES, description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples = Aggregate.DEFAULT_RESAMPLES;

    @Option(names = "--bootstrap-seed", defaultValue = "" + Aggregate.DEFAULT_SEED, description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long bootstrapSeed = Aggregate.DEFAULT_SEED;

    /** {@code final}, {@code best} or {@code both} as the selections to show, in column order. */
    List<RunResult.Select> selects() {
        if (select.equalsIgnoreCase("both")) {
            return List.of(RunResult.Select.FINAL, RunResult.Select.BEST);
        }
        try {
            return List.of(RunResult.Select.valueOf(select.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InputException("--select '" + select + "': expected final, best or both");
        }
    }

    /** The table of {@code runs}, as {@code ofql table} and {@code ofql report} show it. */
    ScoreTable table(List<Path> runs) throws IOException {
        if (resamples < 1) {
            throw new InputException("--resamples must be >= 1, got " + resamples);
        }
        return ScoreTable.build(RunResult.load(runs), selects(), paper ? PaperTable.load() : null, resamples, bootstrapSeed);
    }
}
