package io.ofql.experiments.report;

import io.ofql.experiments.run.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The paper-style results table: rows are tasks grouped by domain, columns are algorithms, each
 * cell the mean and sample std over seeds of one score per seed (final or best evaluation).
 *
 * <p>Per domain, an average row holds each algorithm's mean of its cell means, given only when the
 * algorithm has every task of the domain (an average over a subset would not compare). The best
 * measured entry of each row (ties included) is marked. Optionally the published numbers of
 * {@link PaperTable} sit beside the measured ones, in columns {@code <ALGO> (paper)} for the
 * measured algorithms the paper also reports; they are shown, not ranked. Below the table, the
 * {@link Aggregate} of each algorithm over all of its runs.
 */
public final class ScoreTable {

    /** Mean and sample std over {@code n} seeds (std NaN for one seed). */
    public record Cell(double mean, double std, int n) {}

    /** One task's row. */
    public record Row(String domain, String task, Map<String, Cell> measured, Map<String, PaperTable.Cell> paper) {}

    /** One domain: its rows and the per-algorithm averages (NaN where an algorithm lacks a task). */
    public record Group(String domain, List<Row> rows, Map<String, Double> average, Map<String, Double> paperAverage) {}

    private final List<String> algos;
    private final List<String> paperColumns;
    private final List<Group> groups;
    private final Map<String, Aggregate> aggregates;
    private final RunResult.Select select;

    private ScoreTable(List<String> algos, List<String> paperColumns, List<Group> groups,
                       Map<String, Aggregate> aggregates, RunResult.Select select) {
        this.algos = algos;
        this.paperColumns = paperColumns;
        this.groups = groups;
        this.aggregates = aggregates;
        this.select = select;
    }

    public List<String> algos() {
        return algos;
    }

    public List<String> paperColumns() {
        return paperColumns;
    }

    public List<Group> groups() {
        return groups;
    }

    public Map<String, Aggregate> aggregates() {
        return aggregates;
    }

    public RunResult.Select select() {
        return select;
    }

    /** Algorithm columns in name order, OFQL (the proposed method) last as in the paper. */
    static Comparator<String> algoOrder() {
        return Comparator.<String>comparingInt(a -> a.equalsIgnoreCase("ofql") ? 1 : 0).thenComparing(Comparator.naturalOrder());
    }

    /**
     * Builds the table.
     *
     * @param paper the published table to show beside the measured numbers, or {@code null}
     */
    public static ScoreTable build(List<RunResult> runs, RunResult.Select select, PaperTable paper, int resamples, long seed) {
        List<String> algos = new ArrayList<>(new TreeSet<>(runs.stream().map(RunResult::algo).toList()));
        algos.sort(algoOrder());
        List<String> paperColumns = new ArrayList<>();
        if (paper != null) {
            for (String a : algos) {
                paper.column(a).ifPresent(paperColumns::add);
            }
        }
        PaperTable order = paper == null ? PaperTable.load() : paper;
        List<String> paperOrder = order.tasks();
        Comparator<String> taskOrder = Comparator.<String>comparingInt(t -> {
            int i = paperOrder.indexOf(order.row(t));
            return i < 0 ? paperOrder.size() : i;
        }).thenComparing(Comparator.naturalOrder());

        Map<String, Map<String, RunResult>> byTask = new TreeMap<>();
        for (RunResult r : runs) {
            byTask.computeIfAbsent(r.task(), k -> new TreeMap<>()).put(r.algo(), r);
        }
        Map<String, List<String>> tasksByDomain = new TreeMap<>(Domains.order());
        for (String task : byTask.keySet()) {
            tasksByDomain.computeIfAbsent(Domains.of(task), k -> new ArrayList<>()).add(task);
        }
        List<Group> groups = new ArrayList<>();
        Map<String, List<double[]>> scoresByAlgo = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> d : tasksByDomain.entrySet()) {
            List<String> tasks = d.getValue();
            tasks.sort(taskOrder);
            List<Row> rows = new ArrayList<>();
            for (String task : tasks) {
                Map<String, Cell> measured = new LinkedHashMap<>();
                for (String a : algos) {
                    RunResult r = byTask.get(task).get(a);
                    if (r != null) {
                        double[] s = r.scores(select);
                        measured.put(a, new Cell(Stats.mean(s), Stats.sampleStd(s), s.length));
                        scoresByAlgo.computeIfAbsent(a, k -> new ArrayList<>()).add(s);
                    }
                }
                Map<String, PaperTable.Cell> published = new LinkedHashMap<>();
                for (String c : paperColumns) {
                    paper.get(task, c).ifPresent(cell -> published.put(c, cell));
                }
                rows.add(new Row(d.getKey(), task, measured, published));
            }
            Map<String, Double> avg = new LinkedHashMap<>();
            for (String a : algos) {
                avg.put(a, averageIfComplete(rows.stream().map(r -> r.measured().get(a)).map(c -> c == null ? null : c.mean()).toList()));
            }
            Map<String, Double> paperAvg = new LinkedHashMap<>();
            for (String c : paperColumns) {
                paperAvg.put(c, averageIfComplete(rows.stream().map(r -> r.paper().get(c)).map(x -> x == null ? null : x.mean()).toList()));
            }
            groups.add(new Group(d.getKey(), rows, avg, paperAvg));
        }
        Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        for (String a : algos) {
            aggregates.put(a, Aggregate.of(scoresByAlgo.getOrDefault(a, List.of()), resamples, seed));
        }
        return new ScoreTable(List.copyOf(algos), List.copyOf(paperColumns), List.copyOf(groups), aggregates, select);
    }

    private static double averageIfComplete(List<Double> means) {
        if (means.isEmpty() || means.contains(null)) {
            return Double.NaN;
        }
        return means.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * The algorithms holding the highest measured mean of the row, compared at the one decimal
     * the table shows (several on a tie, as a reader would judge them).
     */
    public static Set<String> best(Map<String, Double> means) {
        long max = means.values().stream().filter(v -> !Double.isNaN(v)).mapToLong(ScoreTable::shown).max().orElse(Long.MIN_VALUE);
        Set<String> best = new TreeSet<>();
        means.forEach((a, v) -> {
            if (!Double.isNaN(v) && shown(v) == max) {
                best.add(a);
            }
        });
        return best;
    }

    private static long shown(double v) {
        return Math.round(v * 10);
    }

    static Map<String, Double> means(Row row) {
        Map<String, Double> m = new LinkedHashMap<>();
        row.measured().forEach((a, c) -> m.put(a, c.mean()));
        return m;
    }
}
