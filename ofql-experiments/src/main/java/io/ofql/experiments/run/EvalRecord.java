package io.ofql.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One evaluation of one ensemble member (seed): a row of {@code evals.csv}.
 *
 * @param returnMean mean undiscounted episode return ({@code NaN} where the task has no episodes)
 * @param scoreMean mean normalized score (D4RL: 100 * (return - min) / (max - min))
 * @param episodes episodes (or, for {@code toy-bandit}, sampled actions) behind the means
 * @param extras task-specific columns, e.g. the toy task's cluster fractions, keyed by column name
 */
public record EvalRecord(
        long step,
        long seed,
        double wallSeconds,
        double returnMean,
        double returnStd,
        double scoreMean,
        double scoreStd,
        int episodes,
        SortedMap<String, Double> extras) {

    public static final List<String> BASE_COLUMNS = List.of(
            "step", "seed", "wall_s", "return_mean", "return_std",
            "normalized_score_mean", "normalized_score_std", "episodes");

    public EvalRecord {
        extras = new TreeMap<>(extras);
    }

    public List<String> header() {
        List<String> h = new ArrayList<>(BASE_COLUMNS);
        h.addAll(extras.keySet());
        return h;
    }

    public String[] fields() {
        List<String> f = new ArrayList<>(List.of(
                Long.toString(step), Long.toString(seed), CsvTable.format(wallSeconds),
                CsvTable.format(returnMean), CsvTable.format(returnStd),
                CsvTable.format(scoreMean), CsvTable.format(scoreStd), Integer.toString(episodes)));
        for (double v : extras.values()) {
            f.add(CsvTable.format(v));
        }
        return f.toArray(String[]::new);
    }

    public EvalRecord withWallSeconds(double wall) {
        return new EvalRecord(step, seed, wall, returnMean, returnStd, scoreMean, scoreStd, episodes, extras);
    }
}
