package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.data.KitchenFixture;
import io.ofql.experiments.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/**
 * Kitchen through the real command line: a D4RL-layout Kitchen file (rolled out in the toolkit's
 * kitchen, without time-outs, as D4RL's generation script writes them) trains a few steps, is
 * evaluated in the kitchen and lands in the table under Kitchen.
 */
public class KitchenCommandsTest {
    /** OFQL, the paper's command, in the default suite. */
    @Test
    public void ofqlTrainsOnAKitchenFileAndLandsInTheTable() throws Exception {
        trainAndTabulate(List.of("ofql"));
    }

    /** Every algorithm (DQL's and CPQL's multi-step evaluations are slow on 2 cores). */
    @Test(groups = "slow")
    public void everyAlgorithmTrainsOnAKitchenFileAndLandsInTheTable() throws Exception {
        trainAndTabulate(List.of("ofql", "dql", "cpql", "fql"));
    }

    private static void trainAndTabulate(List<String> algorithms) throws Exception {
        Path dir = Files.createTempDirectory("kitchen");
        Path file = KitchenFixture.write(dir.resolve("kitchen_microwave_kettle_light_slider-v0.hdf5"));
        Path out = dir.resolve("runs");
        for (String algo : algorithms) {
            Cli.Result r = Cli.run("train", "--algo", algo, "--task", "kitchen-partial-v0", "--dataset", file.toString(),
                    "--steps", "10", "--eval-every", "10", "--eval-episodes", "1", "--log-every", "5",
                    // one final episode: the paper protocols' 100 or 150 Kitchen episodes take minutes here
                    "--set", "finalEpisodes=1",
                    "--out", out.toString(), "--device", "cpu", "--json");
            assertEquals(r.code(), 0, algo + ": " + r.err());
            JsonObject s = JsonParser.parseString(r.lastLine()).getAsJsonObject();
            assertEquals(s.get("task").getAsString(), "kitchen-partial-v0");
            // One episode completes 0 to 4 of the four elements: 25 points each.
            double score = s.get("normalized_score_mean").getAsDouble();
            assertTrue(score >= 0 && score <= 100 && score % 25 == 0, algo + ": score " + score);
            JsonObject run = JsonParser.parseString(Files.readString(
                    out.resolve("kitchen-partial-v0").resolve(algo).resolve("config.json"))).getAsJsonObject()
                    .getAsJsonObject("run");
            assertEquals(run.get("observation_dim").getAsInt(), 60);
            assertEquals(run.get("action_dim").getAsInt(), 9);
        }
        Cli.Result table = Cli.run("table", out.toString());
        assertEquals(table.code(), 0, table.err());
        assertTrue(table.out().contains("Kitchen"), table.out());
        assertTrue(table.out().contains("kitchen-partial-v0"), table.out());
    }
}
