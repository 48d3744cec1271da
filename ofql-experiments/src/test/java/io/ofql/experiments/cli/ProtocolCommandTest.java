package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.ofql.experiments.run.RunDirectory;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.testng.annotations.Test;

/**
 * The evaluation protocol end to end on the CS285 Hopper recording (as hopper-expert-v2): OFQL's
 * paper protocol runs 150 final episodes and records itself in config.json, the shared protocol
 * replaces the evaluation settings, and the table names each column's protocol.
 */
public class ProtocolCommandTest {

    private static JsonObject config(Path runs, String task, String algo) throws Exception {
        return JsonParser.parseString(Files.readString(RunDirectory.of(runs, task, algo).config())).getAsJsonObject();
    }

    /** The {@code episodes} column of evals.csv, one value per row in order. */
    private static List<Integer> episodes(Path runs, String task, String algo) throws Exception {
        List<String> lines = Files.readAllLines(RunDirectory.of(runs, task, algo).evalsCsv());
        int col = Arrays.asList(lines.get(0).split(",")).indexOf("episodes");
        return lines.subList(1, lines.size()).stream().map(l -> Integer.parseInt(l.split(",")[col])).toList();
    }

    @Test
    public void paperAndSharedProtocolsAreRunRecordedAndTabulated() throws Exception {
        Path file = SharedData.cs285("hopper-expert-cs285.hdf5");
        Path runs = Files.createTempDirectory("protocols");
        // OFQL under its paper protocol: an evaluation of --eval-episodes, then the final one of 150.
        Cli.Result ofql = Cli.run("train", "--algo", "ofql", "--task", "hopper-expert-v2", "--dataset", file.toString(),
                "--seeds", "0", "--steps", "2", "--eval-every", "1", "--eval-episodes", "2", "--log-every", "1",
                "--set", "batchSize=32", "--set", "hidden=16", "--device", "cpu", "--out", runs.toString());
        assertEquals(ofql.code(), 0, ofql.err());
        assertEquals(episodes(runs, "hopper-expert-v2", "ofql"), List.of(2, 150));
        JsonObject recorded = config(runs, "hopper-expert-v2", "ofql");
        assertEquals(recorded.getAsJsonObject("settings").get("protocol").getAsString(), "paper");
        JsonObject protocol = recorded.getAsJsonObject("protocol");
        assertEquals(protocol.get("name").getAsString(), "paper");
        assertEquals(protocol.get("actingPolicy").getAsString(), "ema");
        assertEquals(protocol.get("candidateNoise").getAsDouble(), 0.5);
        assertEquals(protocol.get("qScale").getAsString(), "return-range");
        // CleanDiffuser's factor, 1000 / (max - min) of the recording's episode returns (its own metadata,
        // summed in double by the simulator; the file's rewards are float32, whose rounding over 1000
        // steps of ~3 moves each return by ~1e-4 of a range of ~4).
        double[] returns;
        try (HdfFile hdf = new HdfFile(file)) {
            returns = (double[]) hdf.getDatasetByPath("metadata/episode_returns").getData();
        }
        double range = Arrays.stream(returns).max().orElseThrow() - Arrays.stream(returns).min().orElseThrow();
        assertEquals(protocol.get("q_scale_factor").getAsDouble(), 1000 / range, 1e-3 * 1000 / range);

        // The test algorithm under the shared protocol: its evaluation settings come from the protocol.
        Cli.Result shared = Cli.run("train", "--algo", "test-linear", "--task", "hopper-expert-v2", "--dataset",
                file.toString(), "--seeds", "0", "--steps", "2", "--eval-every", "2", "--eval-episodes", "1",
                "--protocol", "shared", "--device", "cpu", "--out", runs.toString());
        assertEquals(shared.code(), 0, shared.err());
        assertEquals(episodes(runs, "hopper-expert-v2", "test-linear"), List.of(150));
        JsonObject sharedProtocol = config(runs, "hopper-expert-v2", "test-linear").getAsJsonObject("protocol");
        assertEquals(sharedProtocol.get("name").getAsString(), "shared");
        assertEquals(sharedProtocol.get("selectByQ").getAsBoolean(), true, "the test preset says false");
        assertEquals(sharedProtocol.get("q_scale_factor").getAsDouble(), 1.0);

        String table = Cli.run("table", runs.toString(), "--select", "final").out();
        assertTrue(table.startsWith("| Domain | Task | test-linear (final, shared protocol) | ofql (final, paper protocol) |"),
                table);

        // Resuming under another protocol is refused, naming the difference.
        Cli.Result resume = Cli.run("train", "--algo", "ofql", "--task", "hopper-expert-v2", "--dataset", file.toString(),
                "--seeds", "0", "--steps", "2", "--eval-every", "1", "--eval-episodes", "2", "--log-every", "1",
                "--set", "batchSize=32", "--set", "hidden=16", "--protocol", "shared", "--device", "cpu",
                "--out", runs.toString());
        assertEquals(resume.code(), 2, resume.out());
        assertTrue(resume.err().contains("protocol: paper -> shared"), resume.err());

        // One column per algorithm and protocol: test-linear on another task under the paper protocol.
        Path more = Files.createTempDirectory("protocols-paper");
        assertEquals(Cli.run("train", "--algo", "test-linear", "--task", "toy-bandit", "--seeds", "0", "--steps", "2",
                "--eval-every", "2", "--device", "cpu", "--out", more.toString()).code(), 0);
        Cli.Result mixed = Cli.run("table", runs.toString(), more.toString());
        assertEquals(mixed.code(), 2, mixed.out());
        assertTrue(mixed.err().strip().startsWith("ofql: the runs of test-linear use more than one evaluation protocol "
                + "(paper on toy-bandit, shared on hopper-expert-v2)"), mixed.err());
        Cli.Result unknown = Cli.run("presets", "--algo", "ofql", "--task", "hopper-medium-v2", "--protocol", "cleandiffuser");
        assertEquals(unknown.code(), 2);
        assertEquals(unknown.err().strip(), "ofql: unknown protocol 'cleandiffuser'; expected one of paper, shared");
    }
}
