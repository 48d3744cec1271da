package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.report.CurvePlot;
import io.ofql.experiments.report.ToyTable;
import io.ofql.experiments.run.Training;
import io.ofql.experiments.testing.Cli;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.testng.annotations.Test;

/**
 * {@code ofql demo}: in miniature (every algorithm on the class path, a handful of steps, runs in
 * parallel processes), and as shipped (the toy presets; slow group).
 */
public class DemoCommandTest {

    @Test
    public void demoRunsEveryAlgorithmAndPrintsTheTable() throws Exception {
        Path out = Files.createTempDirectory("demo");
        Cli.Result r = Cli.run("demo", "--out", out.toString(), "--steps", "2", "--seeds", "0,1", "--device", "cpu",
                "--parallel", "2");
        assertEquals(r.code(), 0, r.out() + r.err());
        // Each run is its own process; its progress lines reach the demo's stderr.
        for (String algo : Training.factories().keySet()) {
            assertTrue(r.err().contains("toy-bandit/" + algo + ": step 2/2 (100%)"), algo + ": " + r.err());
        }
        String header = r.out().lines().filter(l -> l.startsWith("| Domain | Task |")).findFirst().orElseThrow();
        for (String algo : Training.factories().keySet()) {
            assertTrue(header.contains(" " + algo + " "), algo + " missing from " + header);
            assertTrue(Files.isRegularFile(out.resolve("toy-bandit").resolve(algo).resolve("summary.json")), algo);
        }
        assertTrue(r.out().contains("| toy | toy-bandit |"), r.out());
        // The toy table: one row per algorithm at its preset's batch, and the Markdown file holds
        // what was printed.
        for (String algo : Training.factories().keySet()) {
            int batch = Training.factory(algo).config(Training.TOY_TASK, Map.of()).common().batchSize();
            assertTrue(r.out().contains("| " + algo + " | 2 x " + batch + " |"), algo + " missing from the toy table: " + r.out());
        }
        String markdown = Files.readString(out.resolve("demo.md"));
        String printed = r.out().substring(0, r.out().indexOf("\nLearning curves: "));
        assertTrue(markdown.endsWith(printed.substring(printed.indexOf("Final normalized score"))), markdown);
        BufferedImage png = ImageIO.read(out.resolve("demo.png").toFile());
        assertNotNull(png);
        assertEquals(png.getWidth(), CurvePlot.size(1)[0]);
        assertEquals(png.getHeight(), CurvePlot.size(1)[1]);
        Path report = out.resolve("report.html");
        assertTrue(r.out().contains("Report (open in a browser): " + report), r.out());
        String html = Files.readString(report);
        for (String algo : Training.factories().keySet()) {
            assertTrue(html.contains("data-col=\"" + algo + " (final, paper protocol)\""), algo + " missing from the report's table");
        }
        assertTrue(html.contains("data-chart=\"curve:toy-bandit\""), "no learning curve in the report");

        Cli.Result again = Cli.run("demo", "--out", out.toString(), "--steps", "2", "--seeds", "0,1", "--device", "cpu",
                "--parallel", "2");
        assertEquals(again.code(), 0, again.err());
        assertEquals(again.err().split("already finished", -1).length - 1, Training.factories().size(), again.err());
    }

    @Test
    public void aNegativeCountIsRefusedInOneLineAndWritesNothing() throws Exception {
        Path out = Files.createTempDirectory("demo-bad").resolve("runs");
        Cli.Result r = Cli.run("demo", "--out", out.toString(), "--parallel", "-1", "--device", "cpu");
        assertEquals(r.code(), 2, r.err());
        assertEquals(r.err().lines().filter(l -> l.startsWith("ofql")).toList(),
                List.of("ofql: demo: --parallel must be >= 0 (0: the default), got -1"), r.err());
        assertTrue(Files.notExists(out), "the demo wrote " + out);
    }

    /**
     * The demo as {@code scripts/quickstart.sh} runs it (its defaults: each algorithm's toy preset,
     * seed 0): every algorithm puts at least 90% of its actions within 0.2 of the best cluster
     * (App. C of the OFQL paper), OFQL's gradient step is the cheapest, and the Markdown file
     * holds the table. About five minutes on 2 cores.
     */
    @Test(groups = "slow")
    public void demoAsShippedPutsEveryAlgorithmAtTheBestCluster() throws Exception {
        // The test class path adds two test algorithms (no Q term); the shipped jar has these four.
        List<String> paper = List.of("ofql", "dql", "cpql", "fql");
        SweepEndToEndTest.require(paper);
        Path out = Files.createTempDirectory("demo-shipped");
        Cli.Result r = Cli.run("demo", "--out", out.toString(), "--device", "cpu");
        assertEquals(r.code(), 0, r.out() + r.err());
        List<ToyTable.Row> rows = ToyTable.build(List.of(out)).rows().stream().filter(w -> paper.contains(w.algo())).toList();
        assertEquals(rows.size(), paper.size(), r.out());
        double ofqlSeconds = rows.stream().filter(w -> w.algo().equals("ofql")).findFirst().orElseThrow().secondsPerStep();
        for (ToyTable.Row row : rows) {
            assertEquals(row.batchSize(), 2048L, row.algo());
            assertEquals(row.steps(), Training.defaultSteps(row.algo(), Training.TOY_TASK, Map.of()), row.algo());
            assertTrue(row.lowestBest() >= 0.9, row.algo() + ": " + row.lowestBest() + " of the actions at (" + ToyTable.BEST + ")");
            assertTrue(row.secondsPerStep() >= ofqlSeconds, row.algo() + " steps faster than ofql: " + r.out());
        }
        assertTrue(Files.readString(out.resolve("demo.md")).contains(ToyTable.build(List.of(out)).markdown()));
    }
}
