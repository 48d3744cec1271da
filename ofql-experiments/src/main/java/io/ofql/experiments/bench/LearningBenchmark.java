package io.ofql.experiments.bench;

import io.ofql.task.TaskRegistry;
import com.google.gson.JsonObject;
import io.ofql.InputException;
import io.ofql.config.Protocol;
import io.ofql.data.D4rlDataset;
import io.ofql.env.EnvironmentFactory;
import io.ofql.experiments.report.RunResult;
import io.ofql.experiments.run.AtomicFiles;
import io.ofql.experiments.run.Progress;
import io.ofql.experiments.run.RunSettings;
import io.ofql.experiments.run.Stats;
import io.ofql.experiments.run.TrainRequest;
import io.ofql.experiments.run.Training;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A learning benchmark: every {@link Variant} trained on every dataset with the same budget (all
 * seeds of a cell as one ensemble), evaluated in the toolkit's environment, and one table:
 *
 * <pre>
 *   dataset | behaviour | variant_1 final (best) | ... | wall time per variant
 * </pre>
 *
 * <p>The behaviour score is the D4RL normalized mean return of the file's completed episodes, so
 * a column can be read as "what training added to the data". Each cell is an ordinary run folder
 * ({@code OUT/<dataset>/<variant>/<task>/<algo>}), so a benchmark that is run again resumes where
 * it stopped and its runs can be fed to {@code ofql table}, {@code ofql plot} and {@code ofql report}.
 */
public final class LearningBenchmark {

    /** A dataset of the benchmark: the task whose environment evaluates it, and its file. */
    public record Dataset(String task, Path file) {
        /**
         * Parses {@code TASK=FILE}.
         *
         * @throws InputException naming the text and the expected form
         */
        public static Dataset parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new InputException("--data '" + text + "': expected TASK=FILE, e.g. hopper-medium-v2=hopper.hdf5");
            }
            return new Dataset(text.substring(0, eq).trim(), Path.of(text.substring(eq + 1).trim()).toAbsolutePath().normalize());
        }

        /** The file name without its extension, the dataset's row label and folder. */
        public String label() {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }

    /**
     * What to run.
     *
     * @param steps gradient steps per run
     * @param evalEvery steps between evaluations (and the last step)
     * @param evalEpisodes episodes per seed and evaluation before the last step (the last runs the
     *     protocol's {@code finalEpisodes})
     * @param logEvery steps between recorded training metrics
     * @param protocol the evaluation protocol of every run
     */
    public record Settings(List<Dataset> datasets, List<Variant> variants, long[] seeds, long steps, long evalEvery,
            int evalEpisodes, long logEvery, Path out, String device, Protocol protocol) {}

    /** One cell: final and best-during-training normalized scores over seeds, and the run's wall time. */
    public record Cell(double finalMean, double finalStd, double bestMean, double wallSeconds) {}

    /** The benchmark's results: behaviour score per dataset label, and cells by dataset label then variant label. */
    public record Result(Map<String, Double> behaviour, Map<String, Map<String, Cell>> cells, Settings settings) {}

    private LearningBenchmark() {}

    /**
     * Runs (or resumes) every cell, dataset by dataset, and returns the table's numbers.
     *
     * @param progress a progress sink per cell, given its {@code dataset/variant} name
     */
    public static Result run(Settings s, Function<String, Progress> progress) throws IOException {
        if (s.datasets().isEmpty() || s.variants().isEmpty()) {
            throw new InputException("bench learning: at least one --data and one variant are required");
        }
        Map<String, Double> behaviour = new LinkedHashMap<>();
        for (Dataset d : s.datasets()) {
            behaviour.put(d.label(), behaviourScore(d));
        }
        AtomicFiles.requireWritableDirectory(s.out(), "output directory");
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        for (Dataset d : s.datasets()) {
            Map<String, Cell> row = new LinkedHashMap<>();
            for (Variant v : s.variants()) {
                TrainRequest request = request(s, d, v);
                JsonObject summary;
                try (Progress p = progress.apply(d.label() + "/" + v.label())) {
                    summary = Training.run(request, p);
                }
                row.put(v.label(), cell(request, summary));
            }
            cells.put(d.label(), row);
        }
        return new Result(behaviour, cells, s);
    }

    private static TrainRequest request(Settings s, Dataset d, Variant v) {
        RunSettings settings = new RunSettings(v.algo(), d.task(), s.seeds(), s.steps(), s.evalEvery(), s.evalEpisodes(),
                s.logEvery(), s.evalEvery(), v.overrides(), d.file().toString(), s.protocol());
        return new TrainRequest(settings, s.out().resolve(d.label()).resolve(v.folder()), null, s.device());
    }

    private static Cell cell(TrainRequest request, JsonObject summary) throws IOException {
        RunResult result = RunResult.load(List.of(request.directory().root())).get(0);
        double[] finals = result.scores(RunResult.Select.FINAL);
        double[] best = result.scores(RunResult.Select.BEST);
        return new Cell(Stats.mean(finals), finals.length > 1 ? Stats.sampleStd(finals) : 0.0, Stats.mean(best),
                summary.get("wall_s").getAsDouble());
    }

    /**
     * The D4RL normalized mean return of a file's episodes that end inside it (a terminal or a
     * time-out; the cut-off tail of the last one is left out).
     */
    static double behaviourScore(Dataset d) {
        D4rlDataset data = TaskRegistry.resolve(d.task()).readDataset(d.file().toString());
        EnvironmentFactory env = TaskRegistry.environment(d.task());
        env.requireMatches(data.obsDim(), data.actDim(), d.file().toString());
        double[] returns = data.episodeReturns();
        int[] starts = data.episodeStarts();
        int[] lengths = data.episodeLengths();
        int last = starts[starts.length - 1] + lengths[lengths.length - 1] - 1;
        boolean lastEnds = data.terminals()[last] || data.timeouts()[last];
        int complete = lastEnds ? returns.length : returns.length - 1;
        if (complete == 0) {
            throw new InputException(d.file() + ": no episode ends inside the file (no terminal or time-out), "
                    + "so the behaviour's score is unknown");
        }
        double sum = 0;
        for (int i = 0; i < complete; i++) {
            sum += returns[i];
        }
        return env.normalizedScore(sum / complete);
    }

    /** The table as Markdown, with the settings it was run with above it. */
    public static String markdown(Result r) {
        Settings s = r.settings();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Learning benchmark: %d steps, seeds %s (one ensemble per cell), "
                + "%d evaluation episodes per seed every %d steps; D4RL normalized score, final mean ± std over seeds "
                + "(best evaluation during training in brackets); behaviour = the file's own episodes.%n%n",
                s.steps(), java.util.Arrays.toString(s.seeds()), s.evalEpisodes(), s.evalEvery()));
        b.append("| dataset | behaviour |");
        for (Variant v : s.variants()) {
            b.append(' ').append(v.label()).append(" |");
        }
        b.append("\n|---|---|");
        b.append("---|".repeat(s.variants().size()));
        b.append('\n');
        Map<String, Double> wall = new TreeMap<>();
        for (Map.Entry<String, Map<String, Cell>> row : r.cells().entrySet()) {
            b.append("| ").append(row.getKey()).append(String.format(Locale.ROOT, " | %.1f |", r.behaviour().get(row.getKey())));
            for (Variant v : s.variants()) {
                Cell c = row.getValue().get(v.label());
                b.append(String.format(Locale.ROOT, " %.1f ± %.1f (%.1f) |", c.finalMean(), c.finalStd(), c.bestMean()));
                wall.merge(v.label(), c.wallSeconds(), Double::sum);
            }
            b.append('\n');
        }
        b.append("| wall time (all datasets) | |");
        for (Variant v : s.variants()) {
            b.append(String.format(Locale.ROOT, " %s |", duration(wall.getOrDefault(v.label(), 0.0))));
        }
        return b.append('\n').toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** The default variants: OFQL and DQL with and without their Q term, and the one-step baselines. */
    public static List<Variant> defaultVariants() {
        List<Variant> out = new ArrayList<>();
        for (String v : new String[] {"ofql", "ofql:eta=0", "dql", "dql:eta=0", "cpql", "fql"}) {
            out.add(Variant.parse(v));
        }
        return out;
    }
}
