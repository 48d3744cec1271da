package io.ofql.experiments.report;

import io.ofql.data.ToyBandit;
import io.ofql.experiments.run.CsvTable;
import io.ofql.experiments.run.RunDirectory;
import io.ofql.experiments.run.Stats;
import io.ofql.experiments.run.Summaries;
import io.ofql.experiments.run.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The toy task's story in one table (OFQL paper App. C): per algorithm run on {@code toy-bandit},
 * where each seed's actions went at its final evaluation and what a gradient step cost.
 *
 * <p>Per seed, the share of its evaluation actions within 0.2 of the best cluster (0.8, -0.8)
 * ({@link ToyBandit#clusterFractions}, the {@code cluster_X_Y} columns of {@code evals.csv}) and
 * within 0.2 of any centre; the table gives their mean over seeds and the lowest seed's best-cluster
 * share. The step cost is {@link RunStatus#trainingSecondsPerStep}, which leaves evaluation out.
 *
 * @param rows one per run, in algorithm order
 */
public record ToyTable(List<Row> rows) {
    /** The best cluster's key in {@link ToyBandit#KEYS}. */
    public static final String BEST = "0.8,-0.8";

    /**
     * One run.
     *
     * @param algo the algorithm
     * @param steps gradient steps of the run
     * @param batchSize transitions per seed and step
     * @param best per seed, the final share of actions within 0.2 of (0.8, -0.8)
     * @param anyCluster per seed, the final share within 0.2 of any centre
     * @param secondsPerStep training wall time per gradient step (all seeds of the run together)
     */
    public record Row(String algo, long steps, long batchSize, double[] best, double[] anyCluster, double secondsPerStep) {
        public double meanBest() {
            return Stats.mean(best);
        }

        public double lowestBest() {
            double low = Double.NaN;
            for (double v : best) {
                low = Double.isNaN(low) ? v : Math.min(low, v);
            }
            return low;
        }
    }

    /** The finished {@code toy-bandit} runs under {@code paths}; runs of other tasks are passed over. */
    public static ToyTable build(List<Path> paths) throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        for (RunStatus run : RunStatus.find(paths)) {
            if (!run.task().equals(Training.TOY_TASK) || run.state() != RunStatus.State.FINISHED) {
                continue;
            }
            CsvTable evals = CsvTable.read(new RunDirectory(run.dir()).evalsCsv());
            Map<Long, Integer> last = new TreeMap<>();
            for (int i = 0; i < evals.size(); i++) {
                long seed = (long) evals.number(i, "seed");
                Integer previous = last.get(seed);
                if (previous == null || evals.number(previous, "step") < evals.number(i, "step")) {
                    last.put(seed, i);
                }
            }
            double[] best = new double[last.size()];
            double[] any = new double[last.size()];
            int k = 0;
            for (int i : last.values()) {
                best[k] = evals.number(i, Summaries.clusterColumn(BEST));
                for (String key : ToyBandit.KEYS) {
                    any[k] += evals.number(i, Summaries.clusterColumn(key));
                }
                k++;
            }
            long batch = run.config().has("batchSize") ? run.config().get("batchSize").getAsLong() : 0;
            rows.put(run.algo(), new Row(run.algo(), run.steps(), batch, best, any, run.trainingSecondsPerStep()));
        }
        return new ToyTable(List.copyOf(rows.values()));
    }

    /**
     * Markdown: algorithm, steps x batch, best-cluster share (mean over seeds and lowest seed),
     * share in any cluster, milliseconds per training step; the cheapest step in bold.
     */
    public String markdown() {
        double cheapest = rows.stream().mapToDouble(Row::secondsPerStep).filter(Double::isFinite).min().orElse(Double.NaN);
        StringBuilder sb = new StringBuilder();
        sb.append("| Algorithm | Steps x batch | At (0.8, -0.8), mean | At (0.8, -0.8), lowest seed | In any cluster | ms per step |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            String ms = Double.isFinite(r.secondsPerStep()) ? String.format(Locale.ROOT, "%.1f", 1000 * r.secondsPerStep()) : "-";
            sb.append("| ").append(r.algo()).append(" | ").append(r.steps()).append(" x ").append(r.batchSize())
                    .append(" | ").append(percent(r.meanBest())).append(" | ").append(percent(r.lowestBest()))
                    .append(" | ").append(percent(Stats.mean(r.anyCluster()))).append(" | ")
                    .append(r.secondsPerStep() == cheapest ? "**" + ms + "**" : ms).append(" |\n");
        }
        return sb.toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
