package io.ofql.experiments.report;

import io.ofql.InputException;
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
 * cell the mean and sample std over seeds of one score per seed. A column is an algorithm with a
 * selection of that score ({@link Column}): the final evaluation, the best evaluation during
 * training, or both side by side (two columns per algorithm), so a reader never has to guess
 * which one a number is. Its header also names the evaluation protocol of its runs; runs of one
 * algorithm under two protocols are refused.
 *
 * <p>Per domain, an average row holds each column's mean of its cell means, given only when the
 * algorithm has every task of the domain (an average over a subset would not compare). The best
 * measured entry of each row (ties included) is marked among the columns of the same selection.
 * Optionally the published numbers of {@link PaperTable} sit beside the measured ones, in columns
 * {@code <ALGO> (paper, <selection>)} for the measured algorithms the paper also reports; they are
 * shown, not ranked. Below the table, the {@link Aggregate} of each column over all of its runs.
 */
public final class ScoreTable {

    /** Mean and sample std over {@code n} seeds (std NaN for one seed). */
    public record Cell(double mean, double std, int n) {}

    /**
     * A measured column: an algorithm's runs, all under one evaluation protocol, scored by one
     * selection.
     */
    public record Column(String algo, String protocol, RunResult.Select select) {
        /** The header text, e.g. {@code ofql (final, paper protocol)}. */
        public String label() {
            return algo + " (" + select.label() + ", " + protocol + " protocol)";
        }
    }

    /**
     * A published column and the selection its numbers used, when known.
     *
     * @param select the selection, or {@code null} when the source does not say
     */
    public record PaperColumn(String name, RunResult.Select select) {
        /** The header text, e.g. {@code DQL (paper, best)}. */
        public String label() {
            return name + " (paper" + (select == null ? "" : ", " + select.label()) + ")";
        }
    }

    /** One task's row. */
    public record Row(String domain, String task, Map<Column, Cell> measured, Map<String, PaperTable.Cell> paper) {}

    /** One domain: its rows and the per-column averages (NaN where an algorithm lacks a task). */
    public record Group(String domain, List<Row> rows, Map<Column, Double> average, Map<String, Double> paperAverage) {}

    private final List<String> algos;
    private final List<Column> columns;
    private final List<PaperColumn> paperColumns;
    private final List<Group> groups;
    private final Map<Column, Aggregate> aggregates;

    private ScoreTable(List<String> algos, List<Column> columns, List<PaperColumn> paperColumns, List<Group> groups,
                       Map<Column, Aggregate> aggregates) {
        this.algos = algos;
        this.columns = columns;
        this.paperColumns = paperColumns;
        this.groups = groups;
        this.aggregates = aggregates;
    }

    /** The measured algorithms, in column order. */
    public List<String> algos() {
        return algos;
    }

    /** The measured columns: per algorithm, one per selection, in the order the selections were asked for. */
    public List<Column> columns() {
        return columns;
    }

    public List<PaperColumn> paperColumns() {
        return paperColumns;
    }

    public List<Group> groups() {
        return groups;
    }

    public Map<Column, Aggregate> aggregates() {
        return aggregates;
    }

    /** The selections shown, in column order within an algorithm. */
    public List<RunResult.Select> selects() {
        return columns.stream().map(Column::select).distinct().toList();
    }

    /** Algorithm columns in name order, OFQL (the proposed method) last as in the paper. */
    static Comparator<String> algoOrder() {
        return Comparator.<String>comparingInt(a -> a.equalsIgnoreCase("ofql") ? 1 : 0).thenComparing(Comparator.naturalOrder());
    }

    /** The table of one selection; see {@link #build(List, List, PaperTable, int, long)}. */
    public static ScoreTable build(List<RunResult> runs, RunResult.Select select, PaperTable paper, int resamples, long seed) {
        return build(runs, List.of(select), paper, resamples, seed);
    }

    /**
     * Builds the table.
     *
     * @param selects the score selections to show, one column per algorithm and selection
     * @param paper the published table to show beside the measured numbers, or {@code null}
     */
    public static ScoreTable build(List<RunResult> runs, List<RunResult.Select> selects, PaperTable paper, int resamples, long seed) {
        List<String> algos = new ArrayList<>(new TreeSet<>(runs.stream().map(RunResult::algo).toList()));
        algos.sort(algoOrder());
        List<Column> columns = new ArrayList<>();
        for (String a : algos) {
            String protocol = protocol(runs, a);
            for (RunResult.Select s : selects) {
                columns.add(new Column(a, protocol, s));
            }
        }
        List<PaperColumn> paperColumns = new ArrayList<>();
        if (paper != null) {
            for (String a : algos) {
                paper.column(a).ifPresent(c -> paperColumns.add(new PaperColumn(c, paper.selection(c).orElse(null))));
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
        Map<Column, List<double[]>> scoresByColumn = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> d : tasksByDomain.entrySet()) {
            List<String> tasks = d.getValue();
            tasks.sort(taskOrder);
            List<Row> rows = new ArrayList<>();
            for (String task : tasks) {
                Map<Column, Cell> measured = new LinkedHashMap<>();
                for (Column c : columns) {
                    RunResult r = byTask.get(task).get(c.algo());
                    if (r != null) {
                        double[] s = r.scores(c.select());
                        measured.put(c, new Cell(Stats.mean(s), Stats.sampleStd(s), s.length));
                        scoresByColumn.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
                    }
                }
                Map<String, PaperTable.Cell> published = new LinkedHashMap<>();
                for (PaperColumn c : paperColumns) {
                    paper.get(task, c.name()).ifPresent(cell -> published.put(c.name(), cell));
                }
                rows.add(new Row(d.getKey(), task, measured, published));
            }
            Map<Column, Double> avg = new LinkedHashMap<>();
            for (Column c : columns) {
                avg.put(c, averageIfComplete(rows.stream().map(r -> r.measured().get(c)).map(x -> x == null ? null : x.mean()).toList()));
            }
            Map<String, Double> paperAvg = new LinkedHashMap<>();
            for (PaperColumn c : paperColumns) {
                paperAvg.put(c.name(), averageIfComplete(rows.stream().map(r -> r.paper().get(c.name())).map(x -> x == null ? null : x.mean()).toList()));
            }
            groups.add(new Group(d.getKey(), rows, avg, paperAvg));
        }
        Map<Column, Aggregate> aggregates = new LinkedHashMap<>();
        for (Column c : columns) {
            aggregates.put(c, Aggregate.of(scoresByColumn.getOrDefault(c, List.of()), resamples, seed));
        }
        return new ScoreTable(List.copyOf(algos), List.copyOf(columns), List.copyOf(paperColumns), List.copyOf(groups), aggregates);
    }

    /**
     * The one protocol of an algorithm's runs: a column mixing protocols would average numbers that
     * were measured differently, so it is refused, naming a task of each.
     */
    private static String protocol(List<RunResult> runs, String algo) {
        Map<String, String> taskByProtocol = new TreeMap<>();
        for (RunResult r : runs) {
            if (r.algo().equals(algo)) {
                taskByProtocol.putIfAbsent(r.protocol(), r.task());
            }
        }
        if (taskByProtocol.size() > 1) {
            throw new InputException("the runs of " + algo + " use more than one evaluation protocol ("
                    + taskByProtocol.entrySet().stream().map(e -> e.getKey() + " on " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", "))
                    + "); a column holds one protocol, so pass the runs of one protocol per algorithm");
        }
        return taskByProtocol.keySet().iterator().next();
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
    public static <K> Set<K> best(Map<K, Double> means) {
        long max = means.values().stream().filter(v -> !Double.isNaN(v)).mapToLong(ScoreTable::shown).max().orElse(Long.MIN_VALUE);
        Set<K> best = new java.util.HashSet<>();
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

    /**
     * The columns to mark in a row of values: per selection, the best among that selection's
     * columns (a best-during-training score is not compared with a final one); none when there is
     * only one algorithm to compare.
     */
    public Set<Column> marked(Map<Column, Double> values) {
        Set<Column> marked = new java.util.HashSet<>();
        if (algos.size() < 2) {
            return marked;
        }
        for (RunResult.Select s : selects()) {
            Map<Column, Double> same = new LinkedHashMap<>();
            values.forEach((c, v) -> {
                if (c.select() == s) {
                    same.put(c, v);
                }
            });
            marked.addAll(best(same));
        }
        return marked;
    }

    static Map<Column, Double> means(Row row) {
        Map<Column, Double> m = new LinkedHashMap<>();
        row.measured().forEach((a, c) -> m.put(a, c.mean()));
        return m;
    }
}
