package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import io.ofql.experiments.report.CurvePlot;
import io.ofql.experiments.run.Training;
import io.ofql.experiments.testing.Cli;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.testng.annotations.Test;

/** {@code ofql demo} in miniature: every algorithm on the class path, a handful of steps. */
public class DemoCommandTest {

    @Test
    public void demoRunsEveryAlgorithmAndPrintsTheTable() throws Exception {
        Path out = Files.createTempDirectory("demo");
        Cli.Result r = Cli.run("demo", "--out", out.toString(), "--steps", "2", "--seeds", "0,1", "--device", "cpu");
        assertEquals(r.code(), 0, r.out() + r.err());
        String header = r.out().lines().filter(l -> l.startsWith("| Domain | Task |")).findFirst().orElseThrow();
        for (String algo : Training.factories().keySet()) {
            assertTrue(header.contains(" " + algo + " "), algo + " missing from " + header);
            assertTrue(Files.isRegularFile(out.resolve("toy-bandit").resolve(algo).resolve("summary.json")), algo);
        }
        assertTrue(r.out().contains("| toy | toy-bandit |"), r.out());
        // The toy table: one row per algorithm, and the Markdown file holds what was printed.
        for (String algo : Training.factories().keySet()) {
            assertTrue(r.out().contains("| " + algo + " | 2 x "), algo + " missing from the toy table: " + r.out());
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

        Cli.Result again = Cli.run("demo", "--out", out.toString(), "--steps", "2", "--seeds", "0,1", "--device", "cpu");
        assertEquals(again.code(), 0, again.err());
        assertEquals(again.err().split("already finished", -1).length - 1, Training.factories().size(), again.err());
    }
}
