package io.ofql.experiments.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.testng.annotations.Test;

/**
 * The trainer's checkpoint and resume protocol, with a model whose state is one number per seed
 * (updated by a pure function of the step) so that any lost or repeated step shows in the rows.
 */
public class TrainerTest {

    /** A model whose state after step k is a hash of (seed, k) chained over the steps. */
    static final class CountingModel implements Checkpointable {
        final long[] seeds;
        double[] state;

        CountingModel(long[] seeds) {
            this.seeds = seeds;
            this.state = new double[seeds.length];
        }

        void step(long step) {
            for (int m = 0; m < seeds.length; m++) {
                state[m] = (state[m] * 31 + seeds[m] * 7 + step) % 1000;
            }
        }

        @Override
        public void save(Path dir) throws IOException {
            Files.createDirectories(dir);
            StringBuilder sb = new StringBuilder();
            for (double v : state) {
                sb.append(v).append('\n');
            }
            AtomicFiles.writeString(dir.resolve("state.txt"), sb.toString());
        }

        @Override
        public void load(Path dir) throws IOException {
            List<String> lines = Files.readAllLines(dir.resolve("state.txt"));
            for (int m = 0; m < state.length; m++) {
                state[m] = Double.parseDouble(lines.get(m));
            }
        }
    }

    static final RunSettings SETTINGS = new RunSettings("fake", "toy-bandit", new long[] {0, 5}, 100, 20, 1, 10, 30,
            new TreeMap<>(), null);

    /** Runs the fake training; throws after {@code dieAfter} steps to simulate a kill. */
    static JsonObject run(Path root, long dieAfter) throws IOException {
        RunDirectory dir = new RunDirectory(root);
        CountingModel model = new CountingModel(SETTINGS.seeds());
        StepRunner runner = (from, to, listener) -> {
            for (long s = from + 1; s <= to; s++) {
                if (s > dieAfter) {
                    throw new IllegalStateException("killed");
                }
                model.step(s);
                if (SETTINGS.isLogStep(s)) {
                    float[] loss = new float[model.state.length];
                    for (int m = 0; m < loss.length; m++) {
                        loss[m] = (float) model.state[m] / 10f;
                    }
                    listener.onMetrics(s, Map.of("loss", loss));
                }
            }
        };
        RunEvaluator evaluator = step -> {
            List<EvalRecord> out = new ArrayList<>();
            for (int m = 0; m < model.seeds.length; m++) {
                out.add(new EvalRecord(step, model.seeds[m], 0, model.state[m], 1, model.state[m] / 10, 0.5, 3,
                        new TreeMap<>(Map.of(Summaries.clusterColumn("0.8,-0.8"), model.state[m] / 1000))));
            }
            return out;
        };
        return new Trainer(dir, SETTINGS).run(model, runner, evaluator, Progress.NONE);
    }

    /** Drops the wall-time column (index 2), which differs between runs by nature. */
    static List<String> withoutWall(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",", -1);
            List<String> keep = new ArrayList<>(List.of(f));
            keep.remove(2);
            out.add(String.join(",", keep));
        }
        return out;
    }

    @Test
    public void interruptedRunsResumeToTheSameRows() throws IOException {
        Path clean = Files.createTempDirectory("clean");
        JsonObject expected = run(clean, Long.MAX_VALUE);
        // 100 steps, evaluations every 20 -> 5 per seed; logs every 10 -> 10 per seed.
        assertEquals(Files.readAllLines(clean.resolve("evals.csv")).size(), 1 + 5 * 2);
        assertEquals(Files.readAllLines(clean.resolve("train.csv")).size(), 1 + 10 * 2);
        assertTrue(Files.isDirectory(clean.resolve("checkpoint-100")));
        assertFalse(Files.exists(clean.resolve("checkpoint-90")));

        for (long die : new long[] {5, 30, 31, 59, 61, 99}) {
            Path broken = Files.createTempDirectory("broken");
            expectThrows(IllegalStateException.class, () -> run(broken, die));
            assertFalse(Files.exists(broken.resolve("summary.json")));
            // The committed files stop at the last checkpoint (every 30 steps).
            long committed = Trainer.committedStep(new RunDirectory(broken));
            assertEquals(committed, die / 30 * 30);
            JsonObject resumed = run(broken, Long.MAX_VALUE);
            assertEquals(withoutWall(broken.resolve("evals.csv")), withoutWall(clean.resolve("evals.csv")), "died at " + die);
            assertEquals(withoutWall(broken.resolve("train.csv")), withoutWall(clean.resolve("train.csv")), "died at " + die);
            resumed.remove("wall_s");
            JsonObject exp = expected.deepCopy();
            exp.remove("wall_s");
            assertEquals(resumed, exp);
        }
    }

    @Test
    public void anExceptionIsRecordedInFailedJsonAndAResumeClearsIt() throws IOException {
        Path dir = Files.createTempDirectory("failed");
        // Dies in the segment 60 -> 80 (evaluations every 20, checkpoints every 30): the loop has
        // completed step 60, the last checkpoint is at 60.
        expectThrows(IllegalStateException.class, () -> run(dir, 70));
        JsonObject failure = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("failed.json"))).getAsJsonObject();
        assertEquals(failure.get("step").getAsLong(), 60);
        assertEquals(failure.get("committed_step").getAsLong(), 60);
        assertEquals(failure.get("error").getAsString(), "IllegalStateException: killed");
        assertTrue(failure.get("wall_s").getAsDouble() >= 0);
        run(dir, Long.MAX_VALUE);
        assertFalse(Files.exists(dir.resolve("failed.json")), "a finished resume leaves no failure behind");
        assertTrue(Files.exists(dir.resolve("summary.json")));
    }

    @Test
    public void aKillAfterTheLastCheckpointOnlyWritesTheSummary() throws IOException {
        Path dir = Files.createTempDirectory("last");
        JsonObject first = run(dir, Long.MAX_VALUE);
        List<String> evals = Files.readAllLines(dir.resolve("evals.csv"));
        Files.delete(dir.resolve("summary.json"));
        // dieAfter 0: any training step would throw, so this proves none is taken.
        JsonObject second = run(dir, 0);
        assertEquals(Files.readAllLines(dir.resolve("evals.csv")), evals);
        first.remove("wall_s");
        second.remove("wall_s");
        assertEquals(second, first);
    }

    @Test
    public void rowsPastTheCommittedStepAreDropped() throws IOException {
        // A kill between rewriting the CSVs and renaming state.json leaves rows past the commit.
        Path dir = Files.createTempDirectory("torn");
        Path clean = Files.createTempDirectory("clean");
        run(clean, Long.MAX_VALUE);
        expectThrows(IllegalStateException.class, () -> run(dir, 70));
        Files.copy(clean.resolve("evals.csv"), dir.resolve("evals.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(".evals.csv.123.tmp"), "step,seed\n1,");
        run(dir, Long.MAX_VALUE);
        assertEquals(withoutWall(dir.resolve("evals.csv")), withoutWall(clean.resolve("evals.csv")));
        assertFalse(Files.exists(dir.resolve(".evals.csv.123.tmp")));
    }

    @Test
    public void summaryHoldsFinalAndBestScoresAndClusterFractions() throws IOException {
        Path dir = Files.createTempDirectory("summary");
        JsonObject s = run(dir, Long.MAX_VALUE);
        CsvTable evals = CsvTable.read(dir.resolve("evals.csv"));
        double[] finals = new double[2];
        double[] best = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double frac = 0;
        for (int i = 0; i < evals.size(); i++) {
            int m = evals.rows().get(i)[1].equals("0") ? 0 : 1;
            best[m] = Math.max(best[m], evals.number(i, "normalized_score_mean"));
            if (evals.rows().get(i)[0].equals("100")) {
                finals[m] = evals.number(i, "normalized_score_mean");
                frac += evals.number(i, "cluster_0.8_-0.8") / 2;
            }
        }
        assertEquals(s.get("normalized_score_mean").getAsDouble(), (finals[0] + finals[1]) / 2, 1e-9);
        assertEquals(s.get("normalized_score_std").getAsDouble(), Math.abs(finals[0] - finals[1]) / Math.sqrt(2), 1e-9);
        assertEquals(s.get("best_normalized_score_mean").getAsDouble(), (best[0] + best[1]) / 2, 1e-9);
        assertEquals(s.getAsJsonObject("cluster_fractions").get("0.8,-0.8").getAsDouble(), frac, 1e-9);
        assertEquals(s.getAsJsonArray("seeds").size(), 2);
    }

    @Test
    public void numbersRoundTripThroughTheCsvFormat() {
        for (double v : new double[] {0, 1, -3, 0.1, 123.456789, 1e-7, -2.5e12, 99.99999}) {
            assertEquals(CsvTable.parse(CsvTable.format(v)), v, Math.abs(v) * 1e-6 + 1e-12, CsvTable.format(v));
        }
        assertEquals(CsvTable.format(12.5), "12.5");
        assertEquals(CsvTable.format(3.0), "3");
        assertTrue(Double.isNaN(CsvTable.parse(CsvTable.format(Double.NaN))));
    }
}
