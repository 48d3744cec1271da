package io.ofql.experiments.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code summary.json} of a finished run, computed from its {@code evals.csv} so that a run
 * finished after a resume reports exactly what an uninterrupted one does.
 *
 * <p>Per seed, the final score is the one at the largest evaluated step and the best score the
 * maximum over evaluations; the run's mean and std are over seeds (sample std, n - 1). Extra
 * columns named {@code cluster_X_Y} (the toy task) are averaged over seeds at the final step and
 * reported as {@code cluster_fractions} keyed {@code "X,Y"}.
 */
public final class Summaries {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
    public static final String CLUSTER_PREFIX = "cluster_";

    private Summaries() {}

    public static JsonObject fromEvals(RunSettings settings, CsvTable evals, double wallSeconds) {
        JsonObject s = new JsonObject();
        s.addProperty("algo", settings.algo());
        s.addProperty("task", settings.task());
        s.addProperty("steps", settings.steps());
        JsonArray seeds = new JsonArray();
        for (long seed : settings.seeds()) {
            seeds.add(seed);
        }
        s.add("seeds", seeds);
        s.addProperty("wall_s", wallSeconds);
        if (evals == null || evals.size() == 0) {
            return s;
        }
        Map<Long, Integer> finalRow = new LinkedHashMap<>();
        Map<Long, Double> best = new LinkedHashMap<>();
        int stepCol = evals.column("step");
        int seedCol = evals.column("seed");
        for (int i = 0; i < evals.size(); i++) {
            long seed = Long.parseLong(evals.rows().get(i)[seedCol]);
            long step = Long.parseLong(evals.rows().get(i)[stepCol]);
            Integer prev = finalRow.get(seed);
            if (prev == null || Long.parseLong(evals.rows().get(prev)[stepCol]) < step) {
                finalRow.put(seed, i);
            }
            best.merge(seed, evals.number(i, "normalized_score_mean"), Math::max);
        }
        double[] finals = finalRow.values().stream().mapToDouble(i -> evals.number(i, "normalized_score_mean")).toArray();
        double[] bests = best.values().stream().mapToDouble(Double::doubleValue).toArray();
        number(s, "normalized_score_mean", Stats.mean(finals));
        number(s, "normalized_score_std", Stats.sampleStd(finals));
        number(s, "best_normalized_score_mean", Stats.mean(bests));
        number(s, "best_normalized_score_std", Stats.sampleStd(bests));
        JsonArray perSeed = new JsonArray();
        for (Map.Entry<Long, Integer> e : finalRow.entrySet()) {
            JsonObject o = new JsonObject();
            o.addProperty("seed", e.getKey());
            o.addProperty("step", Long.parseLong(evals.rows().get(e.getValue())[stepCol]));
            number(o, "normalized_score", evals.number(e.getValue(), "normalized_score_mean"));
            number(o, "best_normalized_score", best.get(e.getKey()));
            perSeed.add(o);
        }
        s.add("per_seed", perSeed);
        Map<String, Double> clusters = new TreeMap<>();
        for (String column : evals.header()) {
            if (column.startsWith(CLUSTER_PREFIX)) {
                double[] v = finalRow.values().stream().mapToDouble(i -> evals.number(i, column)).toArray();
                clusters.put(clusterKey(column), Stats.mean(v));
            }
        }
        if (!clusters.isEmpty()) {
            JsonObject c = new JsonObject();
            clusters.forEach(c::addProperty);
            s.add("cluster_fractions", c);
        }
        return s;
    }

    /** JSON has no NaN: an undefined value (the std of one seed) is written as null. */
    static void number(JsonObject o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.add(key, com.google.gson.JsonNull.INSTANCE);
        } else {
            o.addProperty(key, v);
        }
    }

    /** {@code cluster_-0.8_0.8} to {@code -0.8,0.8}. */
    static String clusterKey(String column) {
        String xy = column.substring(CLUSTER_PREFIX.length());
        int sep = xy.indexOf('_', 1);
        return xy.substring(0, sep) + "," + xy.substring(sep + 1);
    }

    /** {@code -0.8,0.8} to {@code cluster_-0.8_0.8}, a CSV-safe column name. */
    public static String clusterColumn(String key) {
        return CLUSTER_PREFIX + key.replace(',', '_');
    }
}
