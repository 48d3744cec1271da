package io.ofql.experiments.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.ofql.experiments.run.Training;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jfree.data.xy.YIntervalSeries;

/**
 * A sweep's results as one self-contained HTML page: the score table of {@code ofql table}
 * (sortable by column), the learning curves per task, every run's status, speed, device,
 * libraries, training metrics and configuration (values that differ from the algorithm's preset
 * highlighted), and the datasets. Styles, the small sorting script and the charts (SVG, drawn by
 * JFreeChart through {@link SvgChart}) are inside the file, so it opens without a network.
 *
 * <p>The script marks the page when it has run: {@code data-report-ready} on the root element and
 * a console line {@code ofql-report-ready} with the page height and every chart's box as JSON
 * (also in the hidden {@code #render-check} element); a script error sets
 * {@code data-report-error} and logs {@code ofql-report-error}. A headless browser can thus check
 * that the page rendered.
 *
 * <p>Built with {@link #builder()}: the table and the runs are required, the rest optional.
 */
public final class HtmlReport {
    /** Learning-curve panel size, as {@code ofql plot} draws it. */
    static final int CURVE_WIDTH = CurvePlot.PANEL_WIDTH;
    static final int CURVE_HEIGHT = CurvePlot.PANEL_HEIGHT;
    /** Training-metric panel size. */
    static final int METRIC_WIDTH = 330;
    static final int METRIC_HEIGHT = 230;

    private final ScoreTable table;
    private final List<RunResult> results;
    private final List<RunStatus> runs;
    private final List<DatasetEntry> datasets;
    private final List<Path> sources;
    private final int refreshSeconds;
    private final Instant now;
    private int chartCount;

    private HtmlReport(Builder b) {
        this.table = Objects.requireNonNull(b.table, "table");
        this.results = Objects.requireNonNull(b.results, "results");
        this.runs = Objects.requireNonNull(b.runs, "runs");
        this.datasets = b.datasets;
        this.sources = b.sources;
        this.refreshSeconds = b.refreshSeconds;
        this.now = Instant.now();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The page. */
    public String render() {
        chartCount = 0;
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (refreshSeconds > 0) {
            h.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
        }
        h.append("<title>ofql report: ").append(esc(String.join(", ", tasks()))).append("</title>\n");
        h.append("<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        header(h);
        scores(h);
        curves(h);
        runTable(h);
        runDetails(h);
        datasetTable(h);
        h.append("<pre id=\"render-check\" hidden></pre>\n");
        h.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private List<String> tasks() {
        return results.stream().map(RunResult::task).distinct().sorted().toList();
    }

    private void header(StringBuilder h) {
        Map<RunStatus.State, Long> count = runs.stream().collect(Collectors.groupingBy(RunStatus::state, TreeMap::new, Collectors.counting()));
        h.append("<header>\n<h1>ofql report</h1>\n<p class=\"meta\">Written ")
                .append(esc(now.truncatedTo(ChronoUnit.SECONDS).toString()));
        if (!sources.isEmpty()) {
            h.append(" from ").append(esc(sources.stream().map(Path::toString).collect(Collectors.joining(", "))));
        }
        if (refreshSeconds > 0) {
            h.append("; rewritten every ").append(refreshSeconds).append(" s while the sweep runs (the page reloads itself)");
        }
        h.append(".</p>\n<p class=\"counts\">").append(runs.size()).append(runs.size() == 1 ? " run: " : " runs: ");
        List<String> parts = new ArrayList<>();
        for (RunStatus.State s : RunStatus.State.values()) {
            parts.add("<span class=\"state " + s.name().toLowerCase(Locale.ROOT) + "\">" + count.getOrDefault(s, 0L) + " "
                    + s.name().toLowerCase(Locale.ROOT) + "</span>");
        }
        h.append(String.join(", ", parts)).append(".</p>\n");
        h.append("<nav><a href=\"#scores\">Scores</a> <a href=\"#curves\">Learning curves</a> <a href=\"#runs\">Runs</a> "
                + "<a href=\"#datasets\">Datasets</a></nav>\n</header>\n");
    }

    private void scores(StringBuilder h) {
        h.append("<section id=\"scores\">\n<h2>Scores</h2>\n");
        h.append("<p>D4RL normalized score (toy-bandit: its 0-100 score), mean ± sample std over seeds; <em>final</em> is the "
                + "last evaluation, <em>best</em> the highest evaluation during training. Bold: the best of a row within one "
                + "selection. Click a header to sort the tasks within each domain.");
        if (!table.paperColumns().isEmpty()) {
            h.append(" Published columns name the selection their source used.");
        }
        h.append("</p>\n");
        Set<String> partial = new HashSet<>();
        for (RunStatus r : runs) {
            if (r.state() != RunStatus.State.FINISHED) {
                partial.add(r.task() + "\u0000" + r.algo());
            }
        }
        h.append("<table class=\"sortable scores\">\n<thead><tr><th>Domain</th><th>Task</th>");
        for (ScoreTable.Column c : table.columns()) {
            h.append("<th class=\"num\">").append(esc(c.label())).append("</th>");
        }
        for (ScoreTable.PaperColumn c : table.paperColumns()) {
            h.append("<th class=\"num paper\">").append(esc(c.label())).append("</th>");
        }
        h.append("</tr></thead>\n");
        boolean anyPartial = false;
        for (ScoreTable.Group g : table.groups()) {
            h.append("<tbody>\n");
            for (ScoreTable.Row r : g.rows()) {
                Set<ScoreTable.Column> marked = table.marked(ScoreTable.means(r));
                h.append("<tr><td>").append(esc(g.domain())).append("</td><td>").append(esc(r.task())).append("</td>");
                for (ScoreTable.Column c : table.columns()) {
                    ScoreTable.Cell cell = r.measured().get(c);
                    boolean unfinished = partial.contains(r.task() + "\u0000" + c.algo());
                    anyPartial |= cell != null && unfinished;
                    scoreCell(h, r.task(), c.label(), cell == null ? Double.NaN : cell.mean(),
                            cell == null ? Double.NaN : cell.std(), marked.contains(c), cell != null && unfinished);
                }
                for (ScoreTable.PaperColumn c : table.paperColumns()) {
                    PaperTable.Cell p = r.paper().get(c.name());
                    scoreCell(h, r.task(), c.label(), p == null ? Double.NaN : p.mean(), p == null ? Double.NaN : p.std(), false, false);
                }
                h.append("</tr>\n");
            }
            Set<ScoreTable.Column> marked = table.marked(g.average());
            h.append("<tr class=\"avg\"><td>").append(esc(g.domain())).append("</td><td>Average</td>");
            for (ScoreTable.Column c : table.columns()) {
                scoreCell(h, "average", c.label(), g.average().get(c), Double.NaN, marked.contains(c), false);
            }
            for (ScoreTable.PaperColumn c : table.paperColumns()) {
                scoreCell(h, "average", c.label(), g.paperAverage().get(c.name()), Double.NaN, false, false);
            }
            h.append("</tr>\n</tbody>\n");
        }
        h.append("</table>\n");
        if (anyPartial) {
            h.append("<p class=\"note\">† includes runs that have not finished (running or failed): their last evaluations so far.</p>\n");
        }
        h.append("<h3>Aggregate</h3>\n<p>").append(esc(TableFormat.aggregateTitle(table))).append(".</p>\n");
        h.append("<table class=\"sortable aggregate\">\n<thead><tr><th>Column</th><th class=\"num\">IQM</th>"
                + "<th class=\"num\">95% CI</th><th class=\"num\">Runs</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<ScoreTable.Column, Aggregate> e : table.aggregates().entrySet()) {
            Aggregate a = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey().label())).append("</td>")
                    .append("<td class=\"num\" data-col=\"iqm\" data-v=\"").append(attrNum(a.iqm())).append("\">").append(TableFormat.num(a.iqm())).append("</td>")
                    .append("<td class=\"num\" data-v=\"").append(attrNum(a.low())).append("\">[").append(TableFormat.num(a.low())).append(", ")
                    .append(TableFormat.num(a.high())).append("]</td>")
                    .append("<td class=\"num\" data-v=\"").append(a.runs()).append("\">").append(a.runs()).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void scoreCell(StringBuilder h, String task, String column, double mean, double std, boolean bold, boolean partial) {
        String text = TableFormat.cellText(mean, std, "±");
        h.append("<td class=\"num\" data-task=\"").append(esc(task)).append("\" data-col=\"").append(esc(column))
                .append("\" data-v=\"").append(attrNum(mean)).append("\">");
        h.append(bold ? "<strong>" + esc(text) + "</strong>" : esc(text));
        if (partial) {
            h.append("<sup title=\"includes unfinished runs\">†</sup>");
        }
        h.append("</td>");
    }

    private void curves(StringBuilder h) {
        h.append("<section id=\"curves\">\n<h2>Learning curves</h2>\n<p>Normalized score against gradient steps, mean ± one "
                + "sample std over seeds per algorithm (a step is drawn when every seed of the run has it).</p>\n<div class=\"charts\">\n");
        Map<String, List<RunResult>> byTask = new TreeMap<>();
        for (RunResult r : results) {
            byTask.computeIfAbsent(r.task(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<RunResult>> e : byTask.entrySet()) {
            figure(h, "curve:" + e.getKey(), "curve",
                    SvgChart.render(CurvePlot.panel(e.getKey(), e.getValue(), table.algos()), CURVE_WIDTH, CURVE_HEIGHT, nextChartId()));
        }
        h.append("</div>\n</section>\n");
    }

    private String nextChartId() {
        return "c" + chartCount++;
    }

    private static void figure(StringBuilder h, String id, String kind, String svg) {
        h.append("<figure class=\"chart ").append(kind).append("\" data-chart=\"").append(esc(id)).append("\">").append(svg).append("</figure>\n");
    }

    private String relative(Path dir) {
        for (Path s : sources) {
            Path abs = s.toAbsolutePath().normalize();
            Path d = dir.toAbsolutePath().normalize();
            if (d.startsWith(abs) && !d.equals(abs)) {
                return s.resolve(abs.relativize(d)).toString();
            }
        }
        return dir.toString();
    }

    private void runTable(StringBuilder h) {
        h.append("<section id=\"runs\">\n<h2>Runs</h2>\n<p>A run without <code>summary.json</code> or <code>failed.json</code> "
                + "is shown as running at its last checkpoint; its last write tells a live run from a killed one.</p>\n");
        h.append("<table class=\"sortable runs\">\n<thead><tr><th>Task</th><th>Algorithm</th><th>Seeds</th><th>Status</th>"
                + "<th class=\"num\">Step</th><th class=\"num\">Wall time</th><th class=\"num\">Steps/s</th><th>Device</th>"
                + "<th>Last write</th><th>Directory</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunStatus r = runs.get(i);
            h.append("<tr class=\"").append(r.state().name().toLowerCase(Locale.ROOT)).append("\" data-run=\"").append(i).append("\">")
                    .append("<td>").append(esc(r.task())).append("</td><td>").append(esc(r.algo())).append("</td><td>")
                    .append(esc(r.seeds().stream().map(String::valueOf).collect(Collectors.joining(",")))).append("</td>")
                    .append("<td class=\"status\"><a href=\"#run-").append(i).append("\">").append(esc(r.describe())).append("</a></td>")
                    .append("<td class=\"num\" data-v=\"").append(r.step()).append("\">").append(r.step()).append(" / ").append(r.steps()).append("</td>")
                    .append("<td class=\"num wall\" data-v=\"").append(attrNum(r.wallSeconds())).append("\">").append(esc(duration(r.wallSeconds()))).append("</td>")
                    .append("<td class=\"num speed\" data-v=\"").append(attrNum(r.stepsPerSecond())).append("\">").append(esc(rate(r.stepsPerSecond()))).append("</td>")
                    .append("<td>").append(esc(r.device())).append("</td>")
                    .append("<td data-v=\"").append(r.lastWrite().getEpochSecond()).append("\">").append(esc(ago(r.lastWrite()))).append("</td>")
                    .append("<td><code>").append(esc(relative(r.dir()))).append("</code></td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private void runDetails(StringBuilder h) {
        for (int i = 0; i < runs.size(); i++) {
            RunStatus r = runs.get(i);
            h.append("<article class=\"run ").append(r.state().name().toLowerCase(Locale.ROOT)).append("\" id=\"run-").append(i).append("\">\n");
            h.append("<h3>").append(esc(r.task())).append(" · ").append(esc(r.algo())).append(" <span class=\"state ")
                    .append(r.state().name().toLowerCase(Locale.ROOT)).append("\">").append(esc(r.describe())).append("</span></h3>\n");
            h.append("<p class=\"meta\">Seeds ").append(esc(r.seeds().toString())).append("; wall time ").append(esc(duration(r.wallSeconds())))
                    .append("; ").append(esc(rate(r.stepsPerSecond()))).append(" steps/s; device ").append(esc(r.device()));
            r.versions().forEach((k, v) -> h.append("; ").append(esc(k)).append(' ').append(esc(v)));
            h.append(".<br>Settings: ").append(esc(settingsLine(r.settings()))).append(".</p>\n");
            Optional<JsonObject> preset = ConfigPresets.of(r.algo(), r.task(), r.protocol());
            Map<String, String> config = flatten(r.config());
            Map<String, String> base = preset.map(HtmlReport::flatten).orElse(Map.of());
            List<String> differs = new ArrayList<>();
            for (Map.Entry<String, String> e : config.entrySet()) {
                if (preset.isPresent() && !Objects.equals(base.get(e.getKey()), e.getValue())) {
                    differs.add(e.getKey());
                }
            }
            if (preset.isEmpty()) {
                h.append("<p class=\"diff-summary\">No preset to compare with (").append(esc(r.algo())).append(" is not on this class path).</p>\n");
            } else if (differs.isEmpty()) {
                h.append("<p class=\"diff-summary\">Configuration: the preset of ").append(esc(r.algo())).append(" on ")
                        .append(esc(r.task())).append(", unchanged.</p>\n");
            } else {
                h.append("<p class=\"diff-summary\">Differs from the preset: ");
                List<String> items = new ArrayList<>();
                for (String k : differs) {
                    items.add("<mark>" + esc(k) + " = " + esc(config.get(k)) + "</mark> (preset " + esc(base.getOrDefault(k, "none")) + ")");
                }
                h.append(String.join(", ", items)).append(".</p>\n");
            }
            Map<String, SortedMap<Long, SortedMap<Long, Double>>> metrics = r.metrics();
            if (metrics.isEmpty()) {
                h.append("<p class=\"note\">No training metrics yet (train.csv is written at the first checkpoint).</p>\n");
            } else {
                h.append("<div class=\"charts metrics\">\n");
                for (Map.Entry<String, SortedMap<Long, SortedMap<Long, Double>>> m : metrics.entrySet()) {
                    YIntervalSeries band = CurvePlot.band(m.getKey(), m.getValue());
                    int seeds = m.getValue().size();
                    String subtitle = r.task() + " · " + r.algo() + (seeds == 1 ? ", 1 seed" : ", mean ± std over " + seeds + " seeds");
                    String svg = SvgChart.render(CurvePlot.chart(m.getKey(), subtitle, m.getKey(), 1e-9, List.of(band), List.of(color(r.algo())), 13),
                            METRIC_WIDTH, METRIC_HEIGHT, nextChartId());
                    figure(h, "metric:" + i + ":" + m.getKey(), "metric", svg);
                }
                h.append("</div>\n");
            }
            h.append("<details><summary>Resolved configuration (").append(config.size()).append(" values, ").append(differs.size())
                    .append(" differ from the preset)</summary>\n<table class=\"config\">\n<thead><tr><th>Name</th><th>Value</th><th>Preset</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, String> e : config.entrySet()) {
                boolean diff = differs.contains(e.getKey());
                h.append("<tr").append(diff ? " class=\"diff\"" : "").append("><td>").append(esc(e.getKey())).append("</td><td>")
                        .append(esc(e.getValue())).append("</td><td>").append(esc(preset.isEmpty() ? "" : base.getOrDefault(e.getKey(), "none")))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</details>\n</article>\n");
        }
        h.append("</section>\n");
    }

    private Color color(String algo) {
        int i = table.algos().indexOf(algo);
        return CurvePlot.color(Math.max(i, 0));
    }

    private static String settingsLine(JsonObject s) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : s.entrySet()) {
            if (!e.getKey().equals("algo") && !e.getKey().equals("task") && !e.getKey().equals("seeds")) {
                parts.add(e.getKey() + " " + (e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
            }
        }
        return String.join(", ", parts);
    }

    private void datasetTable(StringBuilder h) {
        h.append("<section id=\"datasets\">\n<h2>Datasets</h2>\n");
        if (datasets.isEmpty()) {
            h.append("<p>None recorded.</p>\n</section>\n");
            return;
        }
        h.append("<p>Sizes as the runs recorded them (after the reward transform and the Q-learning filter), and the fields "
                + "of <code>ofql dataset info</code> where the file is on this machine.</p>\n");
        h.append("<table class=\"sortable datasets\">\n<thead><tr><th>Task</th><th>Source</th><th>Recorded by the runs</th>"
                + "<th>ofql dataset info</th></tr></thead>\n<tbody>\n");
        for (DatasetEntry d : datasets) {
            h.append("<tr><td>").append(esc(d.task())).append("</td><td><code>").append(esc(d.source())).append("</code></td><td>");
            h.append(esc(d.recorded().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
            h.append("</td><td>");
            if (d.info() == null) {
                h.append(d.task().equals(Training.TOY_TASK) ? "" : "file not on this machine");
            } else {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, JsonElement> e : d.info().entrySet()) {
                    if (!e.getKey().equals("file")) {
                        parts.add(e.getKey() + " " + (e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
                    }
                }
                h.append(esc(String.join(", ", parts)));
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    /** Nested objects to dotted names, values as JSON prints them (strings without quotes). */
    static Map<String, String> flatten(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", o, out);
        return out;
    }

    private static void flatten(String prefix, JsonObject o, Map<String, String> out) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            String name = prefix + e.getKey();
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                flatten(name + ".", v.getAsJsonObject(), out);
            } else if (v.isJsonPrimitive()) {
                out.put(name, v.getAsJsonPrimitive().isNumber() ? number(v.getAsDouble()) : v.getAsString());
            } else {
                out.put(name, v.toString());
            }
        }
    }

    /** A number as config.json means it: integral values without a fraction, others in full. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code 12.3 s}, {@code 4 min 03 s}, {@code 2 h 05 min}; empty when unknown. */
    static String duration(double seconds) {
        if (!(seconds >= 0)) {
            return "";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** Steps per second with three significant digits; empty when unknown. */
    static String rate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "";
        }
        return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f", perSecond) : String.format(Locale.ROOT, "%.3g", perSecond);
    }

    private String ago(Instant t) {
        long s = Math.max(0, Duration.between(t, now).getSeconds());
        return s < 60 ? s + " s ago" : s < 3600 ? s / 60 + " min ago" : s / 3600 + " h ago";
    }

    private static String attrNum(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** HTML text and attribute escaping. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource io/ofql/experiments/report/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects the parts of a report. */
    public static final class Builder {
        private ScoreTable table;
        private List<RunResult> results;
        private List<RunStatus> runs;
        private List<DatasetEntry> datasets = List.of();
        private List<Path> sources = List.of();
        private int refreshSeconds;

        private Builder() {}

        /** The score table, as {@code ofql table} builds it. */
        public Builder setTable(ScoreTable table) {
            this.table = table;
            return this;
        }

        /** The evaluation histories the learning curves are drawn from. */
        public Builder setResults(List<RunResult> results) {
            this.results = List.copyOf(results);
            return this;
        }

        /** The run directories, in the order the page lists them. */
        public Builder setRuns(List<RunStatus> runs) {
            this.runs = List.copyOf(runs);
            return this;
        }

        public Builder optDatasets(List<DatasetEntry> datasets) {
            this.datasets = List.copyOf(datasets);
            return this;
        }

        /** The paths the runs were found under (shown in the header; directories are listed relative to them). */
        public Builder optSources(List<Path> sources) {
            this.sources = List.copyOf(sources);
            return this;
        }

        /** Seconds after which the browser reloads the page (0: never), for a page rewritten while a sweep runs. */
        public Builder optRefreshSeconds(int seconds) {
            this.refreshSeconds = seconds;
            return this;
        }

        public HtmlReport build() {
            return new HtmlReport(this);
        }
    }
}
