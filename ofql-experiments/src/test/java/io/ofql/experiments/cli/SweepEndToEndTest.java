package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.report.CurvePlot;
import io.ofql.experiments.run.Training;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.testng.annotations.Test;

/**
 * A tiny sweep on the CPU: two algorithms x two seeds on {@code toy-bandit} and on the CS285
 * Hopper recording (as {@code hopper-expert-v2}, evaluated in the Hopper simulator), then the
 * table, checked against numbers recomputed here straight from the CSV text, and the plot.
 */
public class SweepEndToEndTest {

    static void require(List<String> algos) {
        for (String a : algos) {
            if (!Training.factories().containsKey(a)) {
                throw new org.testng.SkipException(a + " is not on the class path");
            }
        }
    }

    /** Fast: OFQL with a small batch beside the test algorithm, a few dozen steps. */
    @Test
    public void tinySweepGivesCsvsATableAndAPlot() throws Exception {
        sweepTableAndPlot(List.of("ofql", "test-linear"), 40, 20, "--set", "ofql:batchSize=64");
    }

    /** The paper's comparison in miniature: DQL and OFQL with their own settings, 300 steps. */
    @Test(groups = "slow")
    public void dqlAndOfqlSweepGivesCsvsATableAndAPlot() throws Exception {
        sweepTableAndPlot(List.of("dql", "ofql"), 300, 100);
    }

    /** Per seed, the normalized score at the largest step, parsed from the raw CSV text. */
    static double[] finalScores(Path evalsCsv) throws IOException {
        List<String> lines = Files.readAllLines(evalsCsv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int step = header.indexOf("step");
        int seed = header.indexOf("seed");
        int score = header.indexOf("normalized_score_mean");
        Map<String, double[]> last = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double s = Double.parseDouble(f[step]);
            double[] prev = last.get(f[seed]);
            if (prev == null || prev[0] < s) {
                last.put(f[seed], new double[] {s, Double.parseDouble(f[score])});
            }
        }
        return last.values().stream().mapToDouble(v -> v[1]).toArray();
    }

    static String[] sweepArgs(List<String> algos, Path hopper, Path out, long steps, long evalEvery, String... extra) {
        List<String> a = new ArrayList<>(List.of("sweep", "--tasks", "toy-bandit,hopper-expert-v2", "--algos",
                String.join(",", algos), "--seeds", "0,1", "--steps", Long.toString(steps), "--eval-every",
                Long.toString(evalEvery), "--eval-episodes", "2", "--log-every", Long.toString(evalEvery / 2),
                "--dataset", "hopper-expert-v2=" + hopper, "--device", "cpu", "--out", out.toString(),
                // the final evaluation as short as the others (the protocols' 150 or 10 are not under test)
                "--set", "finalEpisodes=2"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static void sweepTableAndPlot(List<String> algos, long steps, long evalEvery, String... extra) throws Exception {
        require(algos);
        Path hopper = SharedData.cs285("hopper-expert-cs285.hdf5");
        Path out = Files.createTempDirectory("e2e");
        Cli.Result sweep = Cli.run(sweepArgs(algos, hopper, out, steps, evalEvery, extra));
        assertEquals(sweep.code(), 0, sweep.out() + sweep.err());

        Cli.Result table = Cli.run("table", out.toString(), "--format", "md", "--select", "final");
        assertEquals(table.code(), 0, table.err());
        Cli.Result csv = Cli.run("table", out.toString(), "--format", "csv", "--select", "final");
        assertEquals(csv.code(), 0, csv.err());
        List<String> csvLines = Arrays.asList(csv.out().split("\n"));
        List<Double> pooledByAlgo = new ArrayList<>();
        for (String task : List.of("toy-bandit", "hopper-expert-v2")) {
            for (String algo : algos) {
                Path run = out.resolve(task).resolve(algo);
                assertTrue(Files.isRegularFile(run.resolve("train.csv")), run + "/train.csv");
                assertTrue(Files.isRegularFile(run.resolve("summary.json")), run + "/summary.json");
                double[] s = finalScores(run.resolve("evals.csv"));
                assertEquals(s.length, 2);
                double mean = (s[0] + s[1]) / 2;
                double std = Math.abs(s[0] - s[1]) / Math.sqrt(2);
                String cell = String.format(Locale.ROOT, "%.1f ± %.1f", mean, std);
                assertTrue(table.out().contains(" " + cell + " ") || table.out().contains("**" + cell + "**"),
                        task + "/" + algo + " expected " + cell + " in\n" + table.out());
                String row = csvLines.stream().filter(l -> l.contains("," + task + ",")).findFirst().orElseThrow();
                String[] f = row.split(",", -1);
                int col = Arrays.asList(csvLines.get(0).split(",")).indexOf(algo + "_paper-protocol_final_mean");
                assertEquals(Double.parseDouble(f[col]), mean, 1e-6, row);
                assertEquals(Double.parseDouble(f[col + 1]), std, 1e-6, row);
                if (algo.equals("ofql")) {
                    for (double v : s) {
                        pooledByAlgo.add(v);
                    }
                }
            }
        }
        // IQM of OFQL's four runs: trim one from each end, mean of the middle two.
        double[] pooled = pooledByAlgo.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double iqm = (pooled[1] + pooled[2]) / 2;
        String iqmRow = csvLines.stream().filter(l -> l.startsWith("all,iqm,")).findFirst().orElseThrow();
        int ofqlCol = Arrays.asList(csvLines.get(0).split(",")).indexOf("ofql_paper-protocol_final_mean");
        assertEquals(Double.parseDouble(iqmRow.split(",")[ofqlCol]), iqm, 1e-6, iqmRow);

        Path png = out.resolve("curves.png");
        Cli.Result plot = Cli.run("plot", out.toString(), "--out", png.toString());
        assertEquals(plot.code(), 0, plot.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "PNG does not decode");
        int[] size = CurvePlot.size(2);
        assertEquals(image.getWidth(), size[0]);
        assertEquals(image.getHeight(), size[1]);
        assertEquals(size[0], 2 * CurvePlot.PANEL_WIDTH);

        // A second sweep over the same directory finds every run finished and trains nothing.
        Cli.Result again = Cli.run(sweepArgs(algos, hopper, out, steps, evalEvery, extra));
        assertEquals(again.code(), 0, again.err());
        assertEquals(again.err().split("already finished", -1).length - 1, 2 * algos.size(), again.err());
    }
}
