package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.experiments.run.CsvTable;
import io.ofql.experiments.testing.Cli;
import io.ofql.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/**
 * Behaviour cloning ({@code io.ofql.experiments.testing.bc}), added through the documented steps
 * only (docs/extending.md: a config, an agent on the skeleton with the critic off, a factory, a
 * preset file and a service entry), trains through {@code ofql train} like any algorithm.
 */
public class AddedAlgorithmTest {

    @Test
    public void behaviourCloningTrainsThroughTheCommandLine() throws Exception {
        Path out = Files.createTempDirectory("bc");
        Path data = SharedData.cs285("hopper-expert-cs285.hdf5");
        Cli.Result r = Cli.run("train", "--algo", "bc", "--task", "hopper-expert-v2", "--dataset", data.toString(),
                "--seeds", "0,1", "--steps", "300", "--eval-every", "300", "--eval-episodes", "1", "--log-every", "10",
                "--out", out.toString(), "--device", "cpu", "--json");
        assertEquals(r.code(), 0, r.err());
        JsonObject summary = JsonParser.parseString(r.lastLine()).getAsJsonObject();
        assertEquals(summary.get("algo").getAsString(), "bc");
        Path run = out.resolve("hopper-expert-v2").resolve("bc");
        CsvTable train = CsvTable.read(run.resolve("train.csv"));
        assertEquals(train.size(), 30 * 2);
        int seedColumn = train.column("seed");
        for (String seed : new String[] {"0", "1"}) {
            double first = Double.NaN;
            double last = Double.NaN;
            for (int i = 0; i < train.size(); i++) {
                if (train.rows().get(i)[seedColumn].equals(seed)) {
                    first = Double.isNaN(first) ? train.number(i, "bc_loss") : first;
                    last = train.number(i, "bc_loss");
                }
            }
            assertTrue(last < 0.5 * first, "seed " + seed + ": bc_loss " + first + " -> " + last);
        }
        assertEquals(CsvTable.read(run.resolve("evals.csv")).size(), 2);
        // The preset file is the source of the values, as for the shipped algorithms.
        Cli.Result presets = Cli.run("presets", "--algo", "bc", "--task", "hopper-expert-v2");
        assertEquals(presets.code(), 0, presets.err());
        assertTrue(presets.out().lines().anyMatch(l -> l.matches("batchSize\\s+2048\\s+default\\s+large batches.*")),
                presets.out());
        // The skeleton's checkpoint carries no critic when the algorithm has none.
        try (var files = Files.list(run.resolve("checkpoint-300"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("critic")));
        }
    }
}
