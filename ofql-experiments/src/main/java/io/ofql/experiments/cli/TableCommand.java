package io.ofql.experiments.cli;

import io.ofql.experiments.report.TableFormat;
import io.ofql.experiments.run.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ofql table}: the paper-style results table of finished (or running) runs. */
@Command(
        name = "table",
        mixinStandardHelpOptions = true,
        description = "Results table: tasks (grouped by domain) x algorithms, mean ± std over seeds of the normalized"
                + " score at the final evaluation and the best evaluation during training (labelled in the header),"
                + " per-domain averages, the best entry of each row in bold, and the IQM over all runs with a"
                + " stratified bootstrap 95%% confidence interval.")
public final class TableCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "Run directories or folders containing them (searched recursively).")
    List<Path> runs;

    @Mixin TableOptions options;

    @Option(names = "--format", defaultValue = "md", description = "md, latex or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", description = "Write the table to this file instead of stdout.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String text = TableFormat.parse(format).render(options.table(runs));
        if (out == null) {
            System.out.print(text);
        } else {
            AtomicFiles.writeString(out, text);
            System.err.println("ofql: table written to " + out);
        }
        return 0;
    }
}
