package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.experiments.run.Progress;
import io.ofql.experiments.run.RunSettings;
import io.ofql.experiments.run.TrainRequest;
import io.ofql.experiments.run.Training;
import io.ofql.experiments.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * {@code ofql report} on run folders made here: OFQL (small batch, evaluated without selection by
 * Q, so it is cheap) and the test algorithm on {@code toy-bandit}; seed 0 of each finished, seed 1
 * of the test algorithm failed (it throws at step 25), seed 1 of OFQL still running (the report is
 * written from inside it, after its checkpoint at step 20). The page's numbers are checked against
 * the run files; then headless Chromium opens the page without a network and the screenshot is
 * checked for drawn tables and charts.
 */
public class ReportCommandTest {
    private static final long STEPS = 40;
    private static final long EVAL_EVERY = 10;
    /** The running run's committed step when the report is written; the failed run's last boundary too. */
    private static final long PAUSE_AFTER = 20;

    private Path root;
    private Path html;
    private String page;

    @BeforeClass
    public void makeRunsAndReport() throws Exception {
        SweepEndToEndTest.require(List.of("ofql", "test-linear"));
        root = Files.createTempDirectory("report");
        Path done = root.resolve("done");
        Path live = root.resolve("live");
        Cli.Result sweep = Cli.run("sweep", "--tasks", "toy-bandit", "--algos", "ofql,test-linear", "--seeds", "0",
                "--steps", "" + STEPS, "--eval-every", "" + EVAL_EVERY, "--log-every", "5", "--set", "ofql:batchSize=64", "--set", "ofql:selectByQ=false",
                "--device", "cpu", "--out", done.toString());
        assertEquals(sweep.code(), 0, sweep.out() + sweep.err());
        Cli.Result failed = Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit", "--seeds", "1", "--steps", "" + STEPS,
                "--eval-every", "" + EVAL_EVERY, "--log-every", "5", "--set", "failAt=25", "--device", "cpu", "--out", live.toString());
        assertEquals(failed.code(), 1, failed.out() + failed.err());

        // OFQL seed 1 runs; the report is written from inside it, at its first step past the
        // checkpoint at 20, and the run's files as they were then are kept for the checks. (In this
        // thread: torch's grad mode is per thread, and the engine set it up on this one.)
        html = root.resolve("out").resolve("report.html");
        RunSettings s = new RunSettings("ofql", "toy-bandit", new long[] {1}, STEPS, EVAL_EVERY, 1, 5, EVAL_EVERY,
                new TreeMap<>(Map.of("batchSize", "64", "selectByQ", "false")), null);
        Training.run(new TrainRequest(s, live, null, "cpu"), new Progress() {
            @Override
            public void start(long fromStep, long totalSteps) {}

            @Override
            public void update(long step, double latestScore) {
                if (step > PAUSE_AFTER && page == null) {
                    try {
                        Cli.Result report = Cli.run("report", done.toString(), live.toString(), "--out", html.toString(), "--paper");
                        assertEquals(report.code(), 0, report.err());
                        page = Files.readString(html);
                        Path runDir = live.resolve("toy-bandit").resolve("ofql");
                        Path copy = Files.createDirectories(root.resolve("then"));
                        for (String f : List.of("config.json", "state.json", "evals.csv", "train.csv")) {
                            Files.copy(runDir.resolve(f), copy.resolve(f));
                        }
                        assertFalse(Files.exists(runDir.resolve("summary.json")));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void close() {}
        });
        assertNotNull(page, "the running run never passed step " + PAUSE_AFTER);
    }

    /** A run directory; OFQL's seed-1 run as it was while the report was written. */
    private Path run(String part, String algo) {
        if (part.equals("live") && algo.equals("ofql")) {
            return root.resolve("then");
        }
        return root.resolve(part).resolve("toy-bandit").resolve(algo);
    }
    /** Per seed {final, best} normalized score, parsed from the raw evals.csv text. */
    private static Map<String, double[]> scores(Path evalsCsv) throws IOException {
        List<String> lines = Files.readAllLines(evalsCsv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        Map<String, double[]> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double step = Double.parseDouble(f[header.indexOf("step")]);
            double score = Double.parseDouble(f[header.indexOf("normalized_score_mean")]);
            double[] prev = out.get(f[header.indexOf("seed")]);
            if (prev == null) {
                out.put(f[header.indexOf("seed")], new double[] {step, score, score});
            } else {
                if (step > prev[0]) {
                    prev[0] = step;
                    prev[1] = score;
                }
                prev[2] = Math.max(prev[2], score);
            }
        }
        return out;
    }

    /** The text of the score cell of a task and column header. */
    private String cell(String task, String column) {
        Matcher m = Pattern.compile("data-task=\"" + Pattern.quote(task) + "\" data-col=\"" + Pattern.quote(column)
                + "\" data-v=\"[^\"]*\">(?:<strong>)?([^<]*)").matcher(page);
        assertTrue(m.find(), "no cell " + task + " / " + column);
        return m.group(1);
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    public void scoresAreTheCsvNumbers() throws IOException {
        for (String algo : List.of("ofql", "test-linear")) {
            List<double[]> perSeed = new ArrayList<>();
            for (String part : List.of("done", "live")) {
                perSeed.addAll(scores(run(part, algo).resolve("evals.csv")).values());
            }
            assertEquals(perSeed.size(), 2, algo + ": one seed in each folder");
            for (int sel = 1; sel <= 2; sel++) {
                double a = perSeed.get(0)[sel];
                double b = perSeed.get(1)[sel];
                String expected = String.format(Locale.ROOT, "%.1f ± %.1f", (a + b) / 2, Math.abs(a - b) / Math.sqrt(2));
                String column = algo + (sel == 1 ? " (final, paper protocol)" : " (best, paper protocol)");
                assertEquals(cell("toy-bandit", column), expected, column);
                // Two runs: the IQM trims nothing and is their mean.
                Matcher iqm = Pattern.compile("<td>" + Pattern.quote(column) + "</td><td class=\"num\" data-col=\"iqm\" data-v=\"([^\"]+)\"")
                        .matcher(page);
                assertTrue(iqm.find(), "no IQM row for " + column);
                assertEquals(Double.parseDouble(iqm.group(1)), (a + b) / 2, 1e-9, column);
            }
        }
        // Every cell holds an unfinished run, so every measured cell carries the mark.
        assertTrue(page.contains("† includes runs that have not finished"), "partial-run note missing");
        // The paper has no toy row; its columns are labelled with their selections.
        assertTrue(page.contains("OFQL (paper, final)"), "paper column missing");
    }

    @Test
    public void runsShowTheirStateSpeedAndDevice() throws IOException {
        JsonObject failure = json(run("live", "test-linear").resolve("failed.json"));
        assertEquals(failure.get("step").getAsLong(), PAUSE_AFTER, "the failure came after the boundary at 20, before 30 (it fails at 25)");
        assertTrue(failure.get("error").getAsString().startsWith("IllegalStateException: test-linear was told to fail at step 25"),
                failure.toString());
        assertTrue(page.contains(">failed at step 20: IllegalStateException: test-linear was told to fail at step 25</a>"), "failed run");
        JsonObject state = json(run("live", "ofql").resolve("state.json"));
        assertEquals(state.get("step").getAsLong(), PAUSE_AFTER);
        assertTrue(page.contains(">running at step 20 of 40</a>"), "running run");
        assertEquals(page.split(">finished</a>", -1).length - 1, 2, "two finished runs");

        // Wall time and steps per second of each run, from the file that recorded them.
        Map<Path, Double> walls = new TreeMap<>();
        walls.put(run("done", "ofql"), json(run("done", "ofql").resolve("summary.json")).get("wall_s").getAsDouble());
        walls.put(run("done", "test-linear"), json(run("done", "test-linear").resolve("summary.json")).get("wall_s").getAsDouble());
        walls.put(run("live", "test-linear"), failure.get("wall_s").getAsDouble());
        walls.put(run("live", "ofql"), state.get("wall_s").getAsDouble());
        Map<Path, Long> steps = Map.of(run("done", "ofql"), STEPS, run("done", "test-linear"), STEPS,
                run("live", "test-linear"), PAUSE_AFTER, run("live", "ofql"), PAUSE_AFTER);
        for (Map.Entry<Path, Double> e : walls.entrySet()) {
            String dir = root.relativize(e.getKey()).toString().replace("then", "live/toy-bandit/ofql");
            Matcher row = Pattern.compile("<tr class=\"[a-z]+\" data-run=\"\\d+\">(.*?)</tr>").matcher(page);
            String found = null;
            while (row.find()) {
                if (row.group(1).contains("<code>" + root.resolve(dir) + "</code>")) {
                    found = row.group(1);
                }
            }
            assertNotNull(found, "no row for " + dir);
            Matcher wall = Pattern.compile("class=\"num wall\" data-v=\"([^\"]+)\"").matcher(found);
            assertTrue(wall.find(), found);
            assertEquals(Double.parseDouble(wall.group(1)), e.getValue(), 1e-9, dir);
            Matcher speed = Pattern.compile("class=\"num speed\" data-v=\"([^\"]+)\"").matcher(found);
            assertTrue(speed.find(), found);
            assertEquals(Double.parseDouble(speed.group(1)), steps.get(e.getKey()) / e.getValue(), 1e-9, dir);
            assertTrue(found.contains("<td>" + json(e.getKey().resolve("config.json")).getAsJsonObject("run").get("device").getAsString()
                    + "</td>"), found);
        }
        String versions = json(run("done", "ofql").resolve("config.json")).getAsJsonObject("versions").get("djl").getAsString();
        assertTrue(page.contains("djl " + versions), "library versions");
    }

    @Test
    public void configurationsShowWhatDiffersFromThePreset() throws IOException {
        int presetBatch = io.ofql.experiments.run.RecordJson.toJson(Training.factory("ofql").config("toy-bandit", Map.of()))
                .get("batchSize").getAsInt();
        String ofqlBatch = json(run("done", "ofql").resolve("config.json")).getAsJsonObject("config").get("batchSize").getAsString();
        assertEquals(ofqlBatch, "64");
        assertTrue(presetBatch != 64, "the test needs a batch other than the preset's");
        assertTrue(page.contains("<mark>batchSize = 64</mark> (preset " + presetBatch + ")"), "batchSize not highlighted");
        assertTrue(page.contains("<mark>failAt = 25</mark> (preset 0)"), "failAt not highlighted");
        // The finished test-linear run kept its preset.
        assertTrue(page.contains("Configuration: the preset of test-linear on toy-bandit, unchanged."), "unchanged preset");
    }

    @Test
    public void everyRunWithMetricsHasAChartPerTrainCsvColumn() throws IOException {
        for (String part : List.of("done", "live")) {
            for (String algo : List.of("ofql", "test-linear")) {
                List<String> header = Arrays.asList(Files.readAllLines(run(part, algo).resolve("train.csv")).get(0).split(","));
                for (String metric : header.subList(3, header.size())) {
                    assertTrue(Pattern.compile("data-chart=\"metric:\\d+:" + Pattern.quote(metric) + "\"").matcher(page).find(),
                            part + "/" + algo + " " + metric);
                }
            }
        }
        List<String> ofqlMetrics = Arrays.asList(Files.readAllLines(run("done", "ofql").resolve("train.csv")).get(0).split(","));
        assertTrue(ofqlMetrics.containsAll(List.of("critic_loss", "bc_loss", "q_mean", "actor_loss")), ofqlMetrics.toString());
        assertTrue(page.contains("data-chart=\"curve:toy-bandit\""), "learning curve");
    }

    @Test
    public void thePageNeedsNoNetwork() {
        // Nothing is fetched: no src attributes, no links other than in-page anchors, no url() but fragments.
        assertFalse(Pattern.compile("\\ssrc\\s*=").matcher(page).find(), "src attribute");
        Matcher href = Pattern.compile("href\\s*=\\s*\"([^\"]*)\"").matcher(page);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("#"), "external link " + href.group(1));
        }
        Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(page);
        while (url.find()) {
            assertTrue(url.group(1).replace("'", "").replace("\"", "").startsWith("#"), "external url " + url.group(1));
        }
        assertFalse(page.contains("@import"), "@import");
        assertTrue(page.contains("<style>") && page.contains("<script>"), "inline style and script");
    }

    @Test
    public void watchRewritesThePageAtomically() throws Exception {
        Path out = root.resolve("watch").resolve("report.html");
        ReportCommand c = new ReportCommand();
        c.runs = List.of(root.resolve("done"));
        c.out = out;
        c.options.resamples = 100;
        c.watch = 1;
        Thread watcher = new Thread(() -> {
            try {
                c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        watcher.start();
        // Read as fast as possible until three rewrites were seen (or a minute passed).
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int reads = 0;
        java.util.Set<String> versions = new java.util.HashSet<>();
        while (System.nanoTime() < end && versions.size() < 3) {
            if (Files.exists(out)) {
                String text = Files.readString(out, StandardCharsets.UTF_8);
                assertTrue(text.startsWith("<!DOCTYPE html>") && text.endsWith("</html>\n"), "a torn page was read");
                assertTrue(text.contains("<meta http-equiv=\"refresh\" content=\"1\">"), "the page reloads itself");
                Matcher written = Pattern.compile("Written ([^ ]+)").matcher(text);
                assertTrue(written.find());
                versions.add(written.group(1));
                reads++;
            }
            Thread.sleep(20);
        }
        watcher.interrupt();
        watcher.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(watcher.isAlive(), "--watch did not stop when interrupted");
        assertTrue(reads > 10, "read " + reads + " times");
        assertTrue(versions.size() >= 3, "the page was not rewritten: " + versions);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(files.map(p -> p.getFileName().toString()).toList(), List.of("report.html"), "temporary files left");
        }
    }

    /** The Chromium executable, or a skip naming what is missing. */
    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new SkipException("no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)");
    }

    /** Console output and screenshot of the page in headless Chromium, with every network request refused. */
    private record Shot(String console, BufferedImage image) {}

    private Shot screenshot(String browser, int height) throws Exception {
        Path dir = Files.createTempDirectory("chromium");
        Path profile = Files.createDirectory(dir.resolve("profile"));
        Path png = dir.resolve("screenshot.png");
        List<String> cmd = List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                // No network: every host name fails to resolve and every request goes to a closed proxy port.
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--screenshot=" + png, "--window-size=1400," + height, html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "chromium did not finish");
        String console = Files.readString(dir.resolve("log.txt"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "no screenshot: " + console);
        Path keep = Path.of("target", "report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Shot(console, image);
    }

    /**
     * Pixels in a box that are not near-white, and those that are coloured (a series, not grey
     * text or axes), between {@code top} and {@code bottom} (fractions of the box's height; the
     * charts' legends, coloured too, sit in their bottom tenth).
     */
    private static int[] ink(BufferedImage image, JsonObject box, double top, double bottom) {
        int x0 = box.get("x").getAsInt();
        int h = box.get("h").getAsInt();
        int y0 = box.get("y").getAsInt();
        int dark = 0;
        int colored = 0;
        for (int y = y0 + (int) (top * h); y < Math.min(image.getHeight(), y0 + (int) (bottom * h)); y++) {
            for (int x = x0; x < Math.min(image.getWidth(), x0 + box.get("w").getAsInt()); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.min(r, Math.min(g, b)) < 200) {
                    dark++;
                }
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 90) {
                    colored++;
                }
            }
        }
        return new int[] {dark, colored};
    }

    @Test
    public void chromiumRendersEveryTableAndChartWithoutScriptErrors() throws Exception {
        String browser = chromium();
        Shot shot = screenshot(browser, 3000);
        Matcher ready = Pattern.compile("ofql-report-ready (\\{.*?\\})\", source").matcher(shot.console());
        assertTrue(ready.find(), "the page's script did not finish:\n" + shot.console());
        assertFalse(shot.console().contains("ofql-report-error"), shot.console());
        assertFalse(shot.console().contains("Uncaught"), shot.console());
        JsonObject check = JsonParser.parseString(ready.group(1).replace("\\\"", "\"")).getAsJsonObject();
        int height = check.get("height").getAsInt();
        if (height > 3000) {
            shot = screenshot(browser, height);
        }
        BufferedImage image = shot.image();
        JsonArray tables = check.getAsJsonArray("tables");
        assertEquals(tables.size(), 4, "scores, aggregate, runs, datasets: " + tables);
        for (JsonElement t : tables) {
            int[] ink = ink(image, t.getAsJsonObject(), 0, 1);
            int area = t.getAsJsonObject().get("w").getAsInt() * t.getAsJsonObject().get("h").getAsInt();
            assertTrue(ink[0] > area / 100, "table " + t + " looks blank: " + ink[0] + " dark pixels");
        }
        JsonArray charts = check.getAsJsonArray("charts");
        long expected = Pattern.compile("<figure class=\"chart").matcher(page).results().count();
        assertEquals(charts.size(), expected);
        for (JsonElement c : charts) {
            JsonObject box = c.getAsJsonObject();
            assertTrue(box.get("svg").getAsBoolean(), "no svg in " + box);
            assertTrue(box.get("w").getAsInt() >= 300 && box.get("h").getAsInt() >= 200, "chart too small: " + box);
            assertTrue(ink(image, box, 0, 1)[0] > box.get("w").getAsInt() * box.get("h").getAsInt() / 100, "chart " + box + " looks blank");
            // A curve of two or more points: a 2-pixel line across much of the plot, far above the legend.
            int colored = ink(image, box, 0.1, 0.8)[1];
            assertTrue(colored > 150, "chart " + box + " has no coloured series in its plot: " + colored + " coloured pixels");
        }
    }
}
