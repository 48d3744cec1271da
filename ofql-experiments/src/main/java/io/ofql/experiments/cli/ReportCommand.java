package io.ofql.experiments.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.data.D4rlReader;
import io.ofql.experiments.report.DatasetEntry;
import io.ofql.experiments.report.HtmlReport;
import io.ofql.experiments.report.RunResult;
import io.ofql.experiments.report.RunStatus;
import io.ofql.experiments.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ofql report}: a sweep's table, curves, runs and configurations as one HTML file that
 * opens without a network; with {@code --watch N} rewritten every N seconds (atomically: a
 * temporary file renamed over the page) until stopped.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "One self-contained HTML page for a sweep: the score table (final and best, sortable), learning"
                + " curves, per-run status, speed, device, library versions, training metrics and configuration (values"
                + " that differ from the preset highlighted), and the datasets. Opens without a network.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "Run directories or folders containing them (searched recursively).")
    List<Path> runs;

    @Option(names = "--out", required = true, description = "HTML file to write.")
    Path out;

    @Mixin TableOptions options = new TableOptions();

    @Option(names = "--watch", paramLabel = "N",
            description = "Rewrite the page every N seconds until stopped (Ctrl-C); the page reloads itself as often.")
    Integer watch;

    /** {@code ofql dataset info} of the files seen so far: a sweep does not change its datasets. */
    private final Map<Path, Optional<JsonObject>> datasetInfo = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".html") && !name.endsWith(".htm")) {
            throw new InputException("--out " + out + ": expected an .html file name");
        }
        if (watch != null && watch < 1) {
            throw new InputException("--watch must be at least 1 second, got " + watch);
        }
        options.selects(); // a bad --select fails before any file is read
        Path dir = out.toAbsolutePath().getParent();
        AtomicFiles.requireWritableDirectory(dir, "output directory");
        if (watch == null) {
            AtomicFiles.writeString(out, page(0));
            System.err.println("ofql: report written to " + out);
            return 0;
        }
        System.err.println("ofql: writing " + out + " every " + watch + " s; Ctrl-C stops");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                AtomicFiles.writeString(out, page(watch));
            } catch (InputException e) {
                // A sweep that has just started may have no evaluation yet; the next round may.
                System.err.println("ofql report: " + e.getMessage() + "; trying again in " + watch + " s");
            }
            try {
                Thread.sleep(watch * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private String page(int refresh) throws IOException {
        List<RunStatus> statuses = RunStatus.find(runs);
        return HtmlReport.builder()
                .setTable(options.table(runs))
                .setResults(RunResult.load(runs))
                .setRuns(statuses)
                .optDatasets(DatasetEntry.of(statuses, f -> datasetInfo.computeIfAbsent(f, ReportCommand::datasetInfo)))
                .optSources(runs)
                .optRefreshSeconds(refresh)
                .build()
                .render();
    }

    /** The fields {@code ofql dataset info --json} prints for a file, or its error as the one field. */
    static Optional<JsonObject> datasetInfo(Path file) {
        try {
            return Optional.of(JsonParser.parseString(new DatasetCommand.Summary(D4rlReader.read(file)).toJson()).getAsJsonObject());
        } catch (InputException e) {
            JsonObject o = new JsonObject();
            o.addProperty("error", e.getMessage());
            return Optional.of(o);
        }
    }

    /** Writes the report of the runs under {@code runs} (final and best, no published columns) to {@code file}. */
    static void write(List<Path> runs, Path file) throws IOException {
        ReportCommand c = new ReportCommand();
        c.runs = runs;
        c.out = file;
        AtomicFiles.writeString(file, c.page(0));
    }
}
