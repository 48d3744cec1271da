package io.ofql.experiments.report;

import io.ofql.experiments.run.Stats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Learning curves: normalized score against gradient steps, one panel per task, one line per
 * algorithm with a band of ± one sample std over seeds, drawn with JFreeChart and written as PNG.
 * The image is a grid of {@code min(3, tasks)} columns of {@link #PANEL_WIDTH} x
 * {@link #PANEL_HEIGHT} pixel panels. Rendering needs no display ({@code java.awt.headless}).
 */
public final class CurvePlot {
    public static final int PANEL_WIDTH = 560;
    public static final int PANEL_HEIGHT = 400;
    public static final int MAX_COLUMNS = 3;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
    };

    private CurvePlot() {}

    /** The image size for {@code tasks} panels: {width, height}. */
    public static int[] size(int tasks) {
        int cols = Math.min(MAX_COLUMNS, tasks);
        int rows = (tasks + cols - 1) / cols;
        return new int[] {cols * PANEL_WIDTH, rows * PANEL_HEIGHT};
    }

    /** Renders the runs' curves and writes the PNG to {@code file} (temporary file + rename). */
    public static void write(List<RunResult> runs, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        SortedMap<String, List<RunResult>> byTask = new TreeMap<>();
        for (RunResult r : runs) {
            byTask.computeIfAbsent(r.task(), k -> new ArrayList<>()).add(r);
        }
        List<String> algos = new ArrayList<>(new TreeSet<>(runs.stream().map(RunResult::algo).toList()));
        algos.sort(ScoreTable.algoOrder());
        int[] size = size(byTask.size());
        BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size[0], size[1]);
        int cols = Math.min(MAX_COLUMNS, byTask.size());
        int i = 0;
        for (Map.Entry<String, List<RunResult>> e : byTask.entrySet()) {
            JFreeChart chart = panel(e.getKey(), e.getValue(), algos);
            Rectangle2D area = new Rectangle2D.Double((i % cols) * PANEL_WIDTH, (i / cols) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            chart.draw(g, area);
            i++;
        }
        g.dispose();
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Mean and std over seeds at each step evaluated by every seed. */
    static YIntervalSeries series(RunResult r) {
        int seeds = r.curves().size();
        return band(r.algo() + " (" + seeds + (seeds == 1 ? " seed)" : " seeds)"), r.curves());
    }

    /**
     * Mean ± one sample std over seeds of per-seed curves (seed to step to value), at each step
     * every seed has; a single seed gives a band of zero width.
     */
    static YIntervalSeries band(String name, Map<Long, ? extends SortedMap<Long, Double>> perSeed) {
        YIntervalSeries s = new YIntervalSeries(name);
        SortedMap<Long, List<Double>> byStep = new TreeMap<>();
        for (SortedMap<Long, Double> curve : perSeed.values()) {
            curve.forEach((step, v) -> byStep.computeIfAbsent(step, k -> new ArrayList<>()).add(v));
        }
        int seeds = perSeed.size();
        byStep.forEach((step, values) -> {
            if (values.size() == seeds) {
                double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
                double m = Stats.mean(v);
                double sd = v.length > 1 ? Stats.sampleStd(v) : 0;
                s.add(step, m, m - sd, m + sd);
            }
        });
        return s;
    }

    /** One task's panel: a band per algorithm, coloured by the algorithm's place in {@code algos}. */
    static JFreeChart panel(String task, List<RunResult> runs, List<String> algos) {
        List<YIntervalSeries> series = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (String a : algos) {
            for (RunResult r : runs) {
                if (r.algo().equals(a)) {
                    series.add(series(r));
                    colors.add(color(algos.indexOf(a)));
                }
            }
        }
        // A flat curve (every seed at 0 or 100) would otherwise get an axis spanning 1e-8.
        return chart(task, "mean ± std over seeds", "normalized score", 1.0, series, colors, 16);
    }

    /** The colour of the i-th algorithm, the same in every panel and image. */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * A chart of bands against gradient steps.
     *
     * @param minimumRange the smallest span of the value axis
     * @param titleSize the title's font size in points (smaller for small panels)
     */
    static JFreeChart chart(String title, String subtitle, String yLabel, double minimumRange, List<YIntervalSeries> series,
                            List<Color> colors, int titleSize) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        // Points as well as lines: a run seen at one common step so far is still drawn.
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.2f);
        for (int k = 0; k < series.size(); k++) {
            data.addSeries(series.get(k));
            renderer.setSeriesPaint(k, colors.get(k));
            renderer.setSeriesFillPaint(k, colors.get(k));
            renderer.setSeriesStroke(k, new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis("gradient steps");
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeMinimumSize(1.0);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        y.setAutoRangeMinimumSize(minimumRange);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, titleSize), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        return chart;
    }
}
