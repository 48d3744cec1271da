package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.experiments.run.CsvTable;
import io.ofql.experiments.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testng.annotations.Test;
import picocli.CommandLine;

/**
 * The commands end to end with {@code test-linear}, a trivial algorithm registered only in the
 * test class path, so that the run machinery is checked in seconds.
 */
public class CommandLineTest {

    static String[] train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--algo", "test-linear", "--task", "toy-bandit",
                "--seeds", "0,1", "--steps", "60", "--eval-every", "20", "--log-every", "10", "--out", out.toString(),
                "--device", "cpu", "--json"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Every command and subcommand prints its help with exit code 0 and without a picocli warning. */
    @Test
    public void everyHelpPrintsCleanly() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Ofql()), new ArrayList<>(), paths);
        assertTrue(paths.size() > 10, "commands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(r.code(), 0, path + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: ofql"), path + ": " + r.out());
            assertFalse((r.out() + r.err()).contains("picocli WARN"), path + ": " + r.err());
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (!sub.getKey().equals("help")) {
                List<String> longer = new ArrayList<>(path);
                longer.add(sub.getKey());
                collect(sub.getValue(), longer, into);
            }
        }
    }

    @Test
    public void trainWritesTheRunAndPrintsJson() throws Exception {
        Path out = Files.createTempDirectory("train");
        Cli.Result r = Cli.run(train(out));
        assertEquals(r.code(), 0, r.err());
        JsonObject s = JsonParser.parseString(r.lastLine()).getAsJsonObject();
        assertEquals(s.get("algo").getAsString(), "test-linear");
        assertEquals(s.get("task").getAsString(), "toy-bandit");
        assertEquals(s.get("steps").getAsLong(), 60);
        assertEquals(s.getAsJsonArray("seeds").size(), 2);
        JsonObject fractions = s.getAsJsonObject("cluster_fractions");
        for (String key : new String[] {"-0.8,0.8", "-0.8,-0.8", "0.8,0.8", "0.8,-0.8"}) {
            assertTrue(fractions.has(key), key + " in " + fractions);
        }
        Path run = out.resolve("toy-bandit").resolve("test-linear");
        for (String f : new String[] {"config.json", "train.csv", "evals.csv", "state.json", "summary.json", "checkpoint-60"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        CsvTable evals = CsvTable.read(run.resolve("evals.csv"));
        assertEquals(evals.size(), 3 * 2); // steps 20, 40, 60 x 2 seeds
        CsvTable train = CsvTable.read(run.resolve("train.csv"));
        assertEquals(train.size(), 6 * 2); // steps 10 .. 60 x 2 seeds
        assertTrue(train.header().contains("loss"));
        JsonObject config = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        assertEquals(config.getAsJsonObject("config").get("lr").getAsDouble(), 0.05);
        assertTrue(config.getAsJsonObject("versions").has("djl"));

        // The same command again finds the run finished and reports the same summary.
        Cli.Result again = Cli.run(train(out));
        assertEquals(again.code(), 0, again.err());
        assertEquals(JsonParser.parseString(again.lastLine()), s);
        assertEquals(CsvTable.read(run.resolve("evals.csv")).size(), 6);

        // A different request for the same directory is refused, naming the difference.
        Cli.Result other = Cli.run(train(out, "--set", "lr=0.1"));
        assertEquals(other.code(), 2);
        assertTrue(other.err().contains("set: {} -> {lr=0.1}"), other.err());

        Cli.Result eval = Cli.run("evaluate", "--run", run.toString(), "--device", "cpu", "--json");
        assertEquals(eval.code(), 0, eval.err());
        JsonObject e = JsonParser.parseString(eval.lastLine()).getAsJsonObject();
        assertEquals(e.get("step").getAsLong(), 60);
        // Re-evaluating the checkpoint at the same step with the same stream reproduces the run's score.
        assertEquals(e.get("normalized_score_mean").getAsDouble(), s.get("normalized_score_mean").getAsDouble(), 1e-6);
    }

    static void assertOneLineError(Cli.Result r, String... fragments) {
        assertEquals(r.code(), 2, r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertTrue(err.startsWith("ofql: "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' missing from: " + err);
        }
    }

    static boolean isEmptyDir(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    public void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path out = Files.createTempDirectory("bad").resolve("runs");
        assertOneLineError(Cli.run("train", "--algo", "nope", "--task", "toy-bandit", "--out", out.toString()),
                "unknown algorithm 'nope'", "test-linear");
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "cartpole", "--out", out.toString()),
                "unknown task 'cartpole'", "toy-bandit");
        Path empty = Files.createTempDirectory("nodata");
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "hopper-medium-v2", "--data-dir",
                empty.toString(), "--out", out.toString()), "hopper_medium-v2.hdf5", empty.toString());
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit", "--set", "lrr=1",
                "--out", out.toString()), "lrr");
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit", "--steps", "0",
                "--out", out.toString()), "--steps");
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit", "--seeds", "0,x",
                "--out", out.toString()), "--seeds");
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit", "--stepz", "3"), "--stepz");
        assertTrue(isEmptyDir(out), "nothing may be written for bad input");

        Path file = Files.createTempFile("not-a-dir", ".txt");
        assertOneLineError(Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit",
                "--out", file.resolve("runs").toString()), "not a writable directory");

        Path config = Files.createTempFile("sweep", ".json");
        Files.writeString(config, "{\"tasks\": [\"toy-bandit\"], \"algoz\": [\"test-linear\"]}");
        assertOneLineError(Cli.run("sweep", "--config", config.toString(), "--out", out.toString()),
                "unknown key 'algoz'", "algos");
        assertOneLineError(Cli.run("sweep", "--tasks", "toy-bandit", "--algos", "test-linear,nope", "--out", out.toString()),
                "unknown algorithm 'nope'");
        assertOneLineError(Cli.run("table", out.toString()), "does not exist");
        assertTrue(isEmptyDir(out), "nothing may be written for bad input");
    }
}
