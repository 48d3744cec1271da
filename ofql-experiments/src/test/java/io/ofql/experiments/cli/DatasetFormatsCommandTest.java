package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.ofql.data.Npy;
import io.ofql.experiments.run.RunDirectory;
import io.ofql.experiments.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/**
 * {@code ofql dataset info} and {@code ofql train --dataset} on Minari folders and OGBench files
 * written by the test: the same report and the same one-line errors as for D4RL files, and
 * normalized scores from the dataset's reference scores when it has them, recorded in config.json.
 */
public class DatasetFormatsCommandTest {
    /**
     * A Minari dataset of Hopper-sized random data: 4 episodes of 30 steps, the first two
     * terminated, the others truncated; reward t of episode e is e + t / 100.
     */
    static Path minari(Path root, String refs) throws IOException {
        Path data = root.resolve("mujoco/hopper/random-v0/data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("metadata.json"), "{\"data_format\": \"hdf5\", \"total_episodes\": 4, "
                + "\"total_steps\": 120" + refs + "}");
        SplittableRandom rng = new SplittableRandom(1);
        try (WritableHdfFile out = HdfFile.write(data.resolve("main_data.hdf5"))) {
            for (int e = 0; e < 4; e++) {
                WritableGroup g = out.putGroup("episode_" + e);
                float[][] obs = new float[31][11];
                float[][] act = new float[30][3];
                float[] rew = new float[30];
                for (int t = 0; t <= 30; t++) {
                    for (int k = 0; k < 11; k++) {
                        obs[t][k] = (float) rng.nextGaussian();
                    }
                }
                for (int t = 0; t < 30; t++) {
                    for (int k = 0; k < 3; k++) {
                        act[t][k] = (float) rng.nextDouble(-1, 1);
                    }
                    rew[t] = e + t / 100f;
                }
                boolean[] term = new boolean[30];
                boolean[] trunc = new boolean[30];
                (e < 2 ? term : trunc)[29] = true;
                g.putDataset("observations", obs);
                g.putDataset("actions", act);
                g.putDataset("rewards", rew);
                g.putDataset("terminations", term);
                g.putDataset("truncations", trunc);
            }
        }
        return root.resolve("mujoco/hopper/random-v0");
    }

    @Test
    public void infoReportsMinariAndOgbenchLikeD4rl() throws IOException {
        Path dir = minari(Files.createTempDirectory("minari"), ", \"ref_min_score\": -10, \"ref_max_score\": 90");
        Cli.Result r = Cli.run("dataset", "info", dir.toString(), "--json", "--task", "hopper-medium-v2");
        assertEquals(r.code(), 0, r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(o.get("format").getAsString(), "minari");
        assertEquals(o.get("transitions").getAsInt(), 120);
        assertEquals(o.get("episodes").getAsInt(), 4);
        assertEquals(o.get("terminals").getAsInt(), 2);
        assertEquals(o.get("timeouts").getAsInt(), 2);
        // episode e returns 30 e + (0 + 1 + ... + 29) / 100 = 30 e + 4.35; the mean over e = 0..3 is 49.35
        assertEquals(o.get("return_mean").getAsDouble(), 49.35, 1e-4);
        assertEquals(o.get("ref_min_score").getAsDouble(), -10.0);
        Cli.Result text = Cli.run("dataset", "info", dir.toString());
        assertTrue(text.out().contains("reference scores   min -10.000, max 90.000"), text.out());

        Map<String, byte[]> m = Npy.map();
        m.put("observations", Npy.matrix(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        m.put("actions", Npy.matrix(new float[][] {{0.5f}, {0.25f}, {0f}}));
        m.put("rewards", Npy.vector(1, 2, 3));
        m.put("terminals", Npy.vector(0, 1, 1));
        m.put("valids", Npy.vector(1, 1, 0));
        Path npz = Npy.npz(Files.createTempDirectory("ogb").resolve("toy.npz"), m);
        Cli.Result ogb = Cli.run("dataset", "info", npz.toString(), "--json");
        assertEquals(ogb.code(), 0, ogb.err());
        JsonObject g = JsonParser.parseString(ogb.out()).getAsJsonObject();
        assertEquals(g.get("format").getAsString(), "ogbench");
        assertEquals(g.get("transitions").getAsInt(), 2);
        assertEquals(g.get("return_mean").getAsDouble(), 3.0);
        assertEquals(g.get("timeouts").getAsInt(), 1);
    }

    @Test
    public void errorsAreTheSameOneLineForEveryFormat() throws IOException {
        Path root = Files.createTempDirectory("minari-bad");
        Path dir = minari(root, "");
        Files.writeString(dir.resolve("data/metadata.json"), "{\"data_format\": \"arrow\", \"total_episodes\": 4, "
                + "\"total_steps\": 120}");
        oneLine(Cli.run("dataset", "info", dir.toString()), "data_format is 'arrow'");
        Map<String, byte[]> m = Npy.map();
        m.put("observations", Npy.matrix(new float[][] {{1, 2}, {3, Float.NaN}}));
        m.put("actions", Npy.matrix(new float[][] {{0.5f}, {0.25f}}));
        m.put("rewards", Npy.vector(1, 2));
        m.put("terminals", Npy.vector(0, 1));
        Path npz = Npy.npz(Files.createTempDirectory("ogb").resolve("nan.npz"), m);
        oneLine(Cli.run("dataset", "info", npz.toString()), npz + ": key 'observations' has a NaN value at row 1, column 1");
        oneLine(Cli.run("dataset", "info", minari(Files.createTempDirectory("m"), "").toString(), "--task", "walker2d-medium-v2"),
                "key 'observations' has size 11 per step but task walker2d-medium-v2 has observations of size 17");
        oneLine(Cli.run("dataset", "info", "mujoco/nothing/here-v0"), "Minari dataset 'mujoco/nothing/here-v0' not found");
    }

    @Test
    public void trainingOnAMinariDatasetScoresWithItsReferenceScores() throws IOException {
        Path dir = minari(Files.createTempDirectory("minari"), ", \"ref_min_score\": -10, \"ref_max_score\": 90");
        Path runs = Files.createTempDirectory("runs");
        Cli.Result train = Cli.run("train", "--algo", "test-linear", "--task", "hopper-medium-v2", "--dataset",
                dir.toString(), "--seeds", "0", "--steps", "4", "--eval-every", "4", "--eval-episodes", "1",
                "--log-every", "2", "--device", "cpu", "--out", runs.toString(), "--json");
        assertEquals(train.code(), 0, train.out() + train.err());
        RunDirectory run = RunDirectory.of(runs, "hopper-medium-v2", "test-linear");
        JsonObject config = JsonParser.parseString(Files.readString(run.config())).getAsJsonObject();
        JsonObject ref = config.getAsJsonObject("run").getAsJsonObject("normalized_score_reference");
        assertEquals(ref.get("source").getAsString(), "dataset");
        assertEquals(ref.get("ref_max_score").getAsDouble(), 90.0);
        List<String> evals = Files.readAllLines(run.evalsCsv());
        List<String> header = List.of(evals.get(0).split(","));
        String[] row = evals.get(evals.size() - 1).split(",");
        double ret = Double.parseDouble(row[header.indexOf("return_mean")]);
        double score = Double.parseDouble(row[header.indexOf("normalized_score_mean")]);
        assertEquals(score, 100 * (ret + 10) / 100, 1e-6 * Math.max(1, Math.abs(score)));

        // without reference scores the task's D4RL ones apply, and config.json says so
        Path plain = minari(Files.createTempDirectory("minari"), "");
        Path runs2 = Files.createTempDirectory("runs");
        assertEquals(Cli.run("train", "--algo", "test-linear", "--task", "hopper-medium-v2", "--dataset", plain.toString(),
                "--seeds", "0", "--steps", "2", "--eval-every", "2", "--eval-episodes", "1", "--device", "cpu",
                "--out", runs2.toString()).code(), 0);
        JsonObject config2 = JsonParser.parseString(Files.readString(
                RunDirectory.of(runs2, "hopper-medium-v2", "test-linear").config())).getAsJsonObject();
        JsonObject ref2 = config2.getAsJsonObject("run").getAsJsonObject("normalized_score_reference");
        assertEquals(ref2.get("source").getAsString(), "d4rl");
        assertEquals(ref2.get("ref_max_score").getAsDouble(), 3234.3);
    }

    private static void oneLine(Cli.Result r, String expected) {
        assertEquals(r.code(), 2, r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("ofql: ") && !err.contains("\n") && err.contains(expected), err);
    }
}
