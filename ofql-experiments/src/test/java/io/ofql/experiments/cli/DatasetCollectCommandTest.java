package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.ofql.data.D4rlReader;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.testng.annotations.Test;

/**
 * {@code ofql dataset collect} with the CS285 Hopper expert: the expert level keeps the recorded
 * return, the medium level at P = 0.07 lands between a quarter and two thirds of it, the same
 * seed writes the same bytes, the file passes {@code dataset info} and trains through
 * {@code ofql train}, and bad input writes nothing.
 */
public class DatasetCollectCommandTest {
    /** Mean of the two recorded episode returns of the CS285 Hopper expert. */
    private static double recordedHopperReturn() {
        double[] r = D4rlReader.read(SharedData.cs285("hopper-expert-cs285.hdf5")).metadataEpisodeReturns();
        return (r[0] + r[1]) / 2;
    }

    private static Cli.Result collect(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("dataset", "collect", "--env", "hopper", "--policy",
                SharedData.cs285("hopper-expert-policy.hdf5").toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Object meta(Path file, String key) {
        try (HdfFile hdf = new HdfFile(file)) {
            return hdf.getDatasetByPath("metadata/" + key).getData();
        }
    }

    @Test
    public void expertFileKeepsTheRecordedReturnAndPassesInfo() {
        Path dir = tempDir();
        Path file = dir.resolve("hopper-expert.hdf5");
        Cli.Result r = collect(file, "--level", "expert", "--transitions", "3000", "--seed", "3");
        assertEquals(r.code(), 0, r.err());
        assertTrue(r.out().contains("3 complete episodes"), r.out());
        double recorded = recordedHopperReturn();
        double mean = (double) meta(file, "return_mean");
        assertEquals(mean, recorded, 0.03 * recorded, "expert level vs recorded expert");
        assertEquals((double) meta(file, "normalized_score"), 100 * (mean + 20.272305) / (3234.3 + 20.272305), 1e-9);
        assertEquals(meta(file, "environment"), "hopper");
        assertEquals(meta(file, "level"), "expert");
        assertEquals(meta(file, "noise"), 0.1);
        assertEquals(meta(file, "random_prob"), 0.0);
        assertEquals(meta(file, "seed"), 3L);
        assertEquals(meta(file, "toolkit_version"), "dev");
        assertEquals(((String) meta(file, "policy_sha256")).length(), 64);

        Cli.Result info = Cli.run("dataset", "info", file.toString(), "--json", "--task", "hopper-medium-v2");
        assertEquals(info.code(), 0, info.err());
        JsonObject o = JsonParser.parseString(info.out()).getAsJsonObject();
        assertEquals(o.get("transitions").getAsInt(), 3000);
        assertEquals(o.get("q_learning_transitions").getAsInt(), 3000);
        assertEquals(o.get("episodes").getAsInt(), 3);
        assertEquals(o.get("timeouts").getAsInt(), 3);
        assertEquals(o.get("terminals").getAsInt(), 0);
        // info sums the float32 rewards; the metadata summed the environment's doubles
        assertEquals(o.get("return_mean").getAsDouble(), mean, 1e-3 * mean);
        assertTrue(o.get("keys").toString().contains("infos/qpos"), o.get("keys").toString());
    }

    @Test(groups = "slow")
    public void mediumAtSevenPercentRandomStepsLandsBetweenAQuarterAndTwoThirds() {
        Path file = tempDir().resolve("hopper-medium.hdf5");
        Cli.Result r = collect(file, "--level", "medium", "--random-prob", "0.07", "--transitions", "20000");
        assertEquals(r.code(), 0, r.err());
        double recorded = recordedHopperReturn();
        double mean = (double) meta(file, "return_mean");
        assertTrue(mean > recorded / 4 && mean < 2 * recorded / 3, "medium return " + mean + " vs expert " + recorded);
        assertTrue((long) meta(file, "episodes") >= 20, "a medium Hopper falls often: " + meta(file, "episodes"));
    }

    @Test
    public void theSameSeedWritesTheSameBytes() throws IOException {
        Path dir = tempDir();
        Path a = dir.resolve("a.hdf5");
        Path b = dir.resolve("b.hdf5");
        Path c = dir.resolve("c.hdf5");
        String[] args = {"--level", "medium-expert", "--transitions", "1300", "--seed", "9"};
        assertEquals(collect(a, args).code(), 0);
        assertEquals(collect(b, args).code(), 0);
        assertEquals(collect(c, "--level", "medium-expert", "--transitions", "1300", "--seed", "10").code(), 0);
        assertEquals(Files.readAllBytes(b), Files.readAllBytes(a));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(c), Files.readAllBytes(a)), "another seed");
        // medium first (650 transitions, seed 9), then expert (650, seed 10)
        assertEquals(meta(a, "medium/transitions"), 650L);
        assertEquals(meta(a, "medium/random_prob"), 0.07);
        assertEquals(meta(a, "expert/random_prob"), 0.0);
        assertEquals(meta(a, "expert/seed"), 10L);
        assertEquals(D4rlReader.read(a).size(), 1300);
    }

    @Test
    public void aCollectedFileTrainsOfqlThroughTheCommandLine() {
        Path dir = tempDir();
        Path file = dir.resolve("hopper-random.hdf5");
        Cli.Result r = Cli.run("dataset", "collect", "--env", "hopper", "--level", "random", "--transitions", "600",
                "--out", file.toString());
        assertEquals(r.code(), 0, r.err());
        assertEquals(meta(file, "policy"), "none");
        Path runs = dir.resolve("runs");
        Cli.Result train = Cli.run("train", "--algo", "ofql", "--task", "hopper-medium-v2", "--dataset", file.toString(),
                "--seeds", "0", "--steps", "4", "--eval-every", "4", "--eval-episodes", "1", "--log-every", "2",
                "--set", "hidden=32", "--set", "batchSize=16", "--set", "finalEpisodes=1", "--device", "cpu",
                "--out", runs.toString(), "--json");
        assertEquals(train.code(), 0, train.out() + train.err());
        JsonObject s = JsonParser.parseString(train.lastLine()).getAsJsonObject();
        assertEquals(s.get("steps").getAsLong(), 4);
        assertTrue(Double.isFinite(s.get("normalized_score_mean").getAsDouble()), s.toString());

        // the trained run's checkpoint is a policy too, and with the same seed gives the same file
        Path runDir = runs.resolve("hopper-medium-v2").resolve("ofql");
        Path a = dir.resolve("from-run-a.hdf5");
        Path b = dir.resolve("from-run-b.hdf5");
        for (Path out : List.of(a, b)) {
            Cli.Result c = Cli.run("dataset", "collect", "--env", "hopper", "--policy", runDir.toString(), "--level",
                    "medium", "--transitions", "150", "--envs", "3", "--seed", "4", "--out", out.toString());
            assertEquals(c.code(), 0, c.err());
        }
        assertEquals(meta(a, "policy_checkpoint_step"), 4L);
        assertEquals(meta(a, "policy"), runDir.toString());
        try {
            assertEquals(Files.readAllBytes(b), Files.readAllBytes(a));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(D4rlReader.read(a).size(), 150);
    }

    @Test
    public void badInputIsOneLineAndWritesNothing() throws IOException {
        Path dir = tempDir();
        Path out = dir.resolve("x.hdf5");
        String policy = SharedData.cs285("hopper-expert-policy.hdf5").toString();
        String cheetah = SharedData.cs285("halfcheetah-expert-policy.hdf5").toString();
        oneLine(Cli.run("dataset", "collect", "--env", "hopper", "--level", "medium", "--out", out.toString()),
                "--policy is required");
        oneLine(Cli.run("dataset", "collect", "--env", "cartpole", "--policy", policy, "--out", out.toString()),
                "unknown environment 'cartpole'");
        oneLine(collect(out, "--level", "novice"), "--level 'novice'");
        oneLine(collect(out, "--random-prob", "1.5"), "--random-prob 1.5");
        oneLine(collect(out, "--noise", "-1"), "--noise -1.0");
        oneLine(collect(out, "--transitions", "0"), "--transitions 0");
        oneLine(Cli.run("dataset", "collect", "--env", "hopper", "--policy", cheetah, "--out", out.toString()),
                "halfcheetah-expert-policy.hdf5", "17/6", "11/3");
        oneLine(Cli.run("dataset", "collect", "--env", "hopper", "--policy", dir.resolve("none.hdf5").toString(),
                "--out", out.toString()), "none.hdf5", "not found");
        oneLine(collect(dir), "is a directory");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(files.count(), 0L, "nothing may be written for bad input");
        }
        Files.writeString(out, "keep me");
        oneLine(collect(out, "--level", "random", "--transitions", "5"), "exists", "--overwrite");
        assertEquals(Files.readString(out), "keep me");
        assertEquals(collect(out, "--level", "random", "--transitions", "5", "--overwrite").code(), 0);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(files.toList(), List.of(out), "no temporary file is left behind");
        }
        Path emptyRun = dir.resolve("run");
        Files.createDirectories(emptyRun);
        Files.writeString(emptyRun.resolve("config.json"), "{\"settings\": {}}");
        oneLine(Cli.run("dataset", "collect", "--env", "hopper", "--policy", emptyRun.toString(), "--out",
                dir.resolve("y.hdf5").toString()), emptyRun.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(files.filter(f -> f.toString().endsWith(".hdf5")).toList(), List.of(out));
        }
        assertEquals(D4rlReader.read(out).size(), 5);
    }

    private static void oneLine(Cli.Result r, String... expected) {
        assertEquals(r.code(), 2, r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("ofql: ") && !err.contains("\n"), err);
        for (String e : expected) {
            assertTrue(err.contains(e), "'" + e + "' in: " + err);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("collect");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
