package io.ofql.experiments.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.experiments.run.CsvTable;
import io.ofql.experiments.run.RunDirectory;
import io.ofql.experiments.run.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The evaluation history of one algorithm on one task: per seed, the normalized score at each
 * evaluated step, read from {@code evals.csv} of one or more run directories.
 *
 * @param protocol the evaluation protocol of the runs ({@code paper} for runs recorded before
 *     protocols existed)
 * @param curves seed to (step to mean normalized score)
 */
public record RunResult(String task, String algo, String protocol, SortedMap<Long, SortedMap<Long, Double>> curves) {

    /** How a seed's score is taken from its evaluations. */
    public enum Select {
        /** the score at the last evaluated step */
        FINAL,
        /** the highest score over all evaluations */
        BEST;

        /** The name in headers and options: {@code final} or {@code best}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One score per seed, in seed order. */
    public double[] scores(Select select) {
        return curves.values().stream()
                .mapToDouble(c -> select == Select.FINAL
                        ? c.get(c.lastKey())
                        : c.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN))
                .toArray();
    }

    /**
     * Finds every run directory (a {@code config.json} beside an {@code evals.csv}) under the given
     * paths and merges the seeds of runs of the same task and algorithm.
     */
    public static List<RunResult> load(List<Path> paths) throws IOException {
        Map<String, RunResult> byKey = new TreeMap<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new InputException("run path " + p + " does not exist");
            }
            List<Path> evalFiles;
            try (Stream<Path> files = Files.walk(p)) {
                evalFiles = files.filter(f -> f.getFileName().toString().equals("evals.csv"))
                        .filter(f -> Files.isRegularFile(f.resolveSibling("config.json")))
                        .sorted()
                        .toList();
            }
            for (Path evals : evalFiles) {
                RunResult r = read(new RunDirectory(evals.getParent()));
                RunResult prev = byKey.get(r.task + "\u0000" + r.algo);
                byKey.put(r.task + "\u0000" + r.algo, prev == null ? r : prev.merge(r, evals.getParent()));
            }
        }
        if (byKey.isEmpty()) {
            throw new InputException("no runs found under " + paths + " (expected directories holding config.json and evals.csv)");
        }
        return new ArrayList<>(byKey.values());
    }

    static RunResult read(RunDirectory dir) throws IOException {
        JsonObject config = JsonParser.parseString(Files.readString(dir.config())).getAsJsonObject();
        JsonObject settings = config.getAsJsonObject("settings");
        CsvTable evals = CsvTable.read(dir.evalsCsv());
        SortedMap<Long, SortedMap<Long, Double>> curves = new TreeMap<>();
        int stepCol = evals.column("step");
        int seedCol = evals.column("seed");
        for (int i = 0; i < evals.size(); i++) {
            String[] row = evals.rows().get(i);
            curves.computeIfAbsent(Long.parseLong(row[seedCol]), k -> new TreeMap<>())
                    .put(Long.parseLong(row[stepCol]), evals.number(i, "normalized_score_mean"));
        }
        String protocol = Training.protocolOf(settings).cliName();
        return new RunResult(settings.get("task").getAsString(), settings.get("algo").getAsString(), protocol, curves);
    }

    private RunResult merge(RunResult other, Path where) {
        if (!protocol.equals(other.protocol)) {
            throw new InputException(algo + " on " + task + " has runs under the " + protocol + " protocol and under the "
                    + other.protocol + " protocol (" + where + "); pass the runs of one protocol");
        }
        SortedMap<Long, SortedMap<Long, Double>> all = new TreeMap<>(curves);
        for (Map.Entry<Long, SortedMap<Long, Double>> e : other.curves.entrySet()) {
            if (all.containsKey(e.getKey())) {
                throw new InputException("seed " + e.getKey() + " of " + algo + " on " + task
                        + " appears in two runs (again in " + where + "); pass only one of them");
            }
            all.put(e.getKey(), e.getValue());
        }
        return new RunResult(task, algo, protocol, all);
    }
}
