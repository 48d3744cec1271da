package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.ofql.data.AntMazeFixture;
import io.ofql.experiments.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/**
 * AntMaze through the real command line: a D4RL-layout file trains every algorithm a few steps and
 * lands in the table under AntMaze; {@code env check} and {@code dataset info} accept AntMaze.
 */
public class AntMazeCommandsTest {
    /** OFQL, the paper's command, in the default suite. */
    @Test
    public void ofqlTrainsOnAnAntMazeFileAndLandsInTheTable() throws Exception {
        trainAndTabulate(List.of("ofql"));
    }

    /** Every algorithm (DQL's and CPQL's multi-step evaluations of 700 steps take minutes on 2 cores). */
    @Test(groups = "slow")
    public void everyAlgorithmTrainsOnAnAntMazeFileAndLandsInTheTable() throws Exception {
        trainAndTabulate(List.of("ofql", "dql", "cpql", "fql"));
    }

    private static void trainAndTabulate(List<String> algorithms) throws Exception {
        Path dir = Files.createTempDirectory("antmaze");
        Path file = AntMazeFixture.write(
                dir.resolve("Ant_maze_u-maze_noisy_multistart_False_multigoal_False_sparse_fixed.hdf5"), 3, 200);
        Path out = dir.resolve("runs");
        for (String algo : algorithms) {
            Cli.Result r = Cli.run("train", "--algo", algo, "--task", "antmaze-umaze-v2", "--dataset", file.toString(),
                    "--steps", "10", "--eval-every", "10", "--eval-episodes", "1", "--log-every", "5",
                    // one final episode: the paper protocols' 100 or 150 maze episodes take minutes here
                    "--set", "finalEpisodes=1",
                    "--out", out.toString(), "--device", "cpu", "--json");
            assertEquals(r.code(), 0, algo + ": " + r.err());
            JsonObject s = JsonParser.parseString(r.lastLine()).getAsJsonObject();
            assertEquals(s.get("task").getAsString(), "antmaze-umaze-v2");
            double score = s.get("normalized_score_mean").getAsDouble();
            assertTrue(score == 0.0 || score == 100.0, algo + ": a one-episode AntMaze score is 0 or 100, got " + score);
            JsonObject config = JsonParser.parseString(
                    Files.readString(out.resolve("antmaze-umaze-v2").resolve(algo).resolve("config.json"))).getAsJsonObject();
            JsonObject run = config.getAsJsonObject("run");
            assertEquals(run.get("observation_dim").getAsInt(), 29);
            assertEquals(run.get("action_dim").getAsInt(), 8);
            // qlearning_dataset's rule: the three time-out steps are dropped.
            assertEquals(run.get("transitions").getAsInt(), 600 - 3, algo);
        }
        Cli.Result table = Cli.run("table", out.toString());
        assertEquals(table.code(), 0, table.err());
        assertTrue(table.out().contains("AntMaze"), table.out());
        assertTrue(table.out().contains("antmaze-umaze-v2"), table.out());
        for (String algo : algorithms) {
            assertTrue(table.out().toLowerCase().contains(algo), algo + " missing from\n" + table.out());
        }
    }

    @Test
    public void envCheckRollsAPolicyOutInTheUMaze() throws Exception {
        Path policy = writeMlp(Files.createTempFile("antmaze-policy", ".hdf5"), 29, 16, 8);
        Cli.Result r = Cli.run("env", "check", "--env", "antmaze-umaze-v2", "--policy", policy.toString(),
                "--episodes", "2", "--seed", "1", "--threads", "2", "--json");
        assertEquals(r.code(), 0, r.err());
        JsonObject o = JsonParser.parseString(r.out().trim()).getAsJsonObject();
        assertEquals(o.get("env").getAsString(), "antmaze-umaze");
        JsonArray lengths = o.getAsJsonArray("lengths");
        JsonArray returns = o.getAsJsonArray("returns");
        for (int i = 0; i < 2; i++) {
            // A random MLP does not find the goal three cells away: the 700-step U-maze limit ends it.
            assertEquals(lengths.get(i).getAsInt(), 700);
            assertEquals(returns.get(i).getAsDouble(), 0.0);
        }
        assertEquals(o.get("normalized_score_mean").getAsDouble(), 0.0);

        Path locomotion = writeMlp(Files.createTempFile("ant-policy", ".hdf5"), 111, 16, 8);
        Cli.Result wrong = Cli.run("env", "check", "--env", "antmaze-medium", "--policy", locomotion.toString());
        CommandLineTest.assertOneLineError(wrong, "111/8", "29/8");
    }

    @Test
    public void datasetInfoChecksTheAntMazeLayout() throws Exception {
        Path dir = Files.createTempDirectory("antmaze-info");
        Path file = AntMazeFixture.write(dir.resolve("maze.hdf5"), 2, 100);
        Cli.Result ok = Cli.run("dataset", "info", file.toString(), "--task", "antmaze-medium-play-v2", "--json");
        assertEquals(ok.code(), 0, ok.err());
        Path locomotion = dir.resolve("hopper-like.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(locomotion)) {
            hdf.putDataset("observations", new float[4][29]);
            hdf.putDataset("actions", new float[4][8]);
            hdf.putDataset("rewards", new float[4]);
            hdf.putDataset("terminals", new boolean[4]);
            hdf.putDataset("timeouts", new boolean[4]);
        }
        CommandLineTest.assertOneLineError(
                Cli.run("dataset", "info", locomotion.toString(), "--task", "antmaze-large-diverse-v2"),
                "missing key 'infos/goal'", "AntMaze datasets have");
    }

    /** A CS285-format tanh MLP with one hidden layer and seeded weights. */
    private static Path writeMlp(Path file, int obs, int hidden, int act) {
        SplittableRandom rng = new SplittableRandom(3);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("nonlinearity", "tanh");
            hdf.putDataset("obs_mean", new double[obs]);
            double[] std = new double[obs];
            java.util.Arrays.fill(std, 1.0);
            hdf.putDataset("obs_std", std);
            WritableGroup h0 = hdf.putGroup("hidden").putGroup("0");
            h0.putDataset("W", matrix(rng, obs, hidden));
            h0.putDataset("b", new double[hidden]);
            WritableGroup o = hdf.putGroup("out");
            o.putDataset("W", matrix(rng, hidden, act));
            o.putDataset("b", new double[act]);
        }
        return file;
    }

    private static double[][] matrix(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextDouble(-0.5, 0.5);
            }
        }
        return m;
    }
}
