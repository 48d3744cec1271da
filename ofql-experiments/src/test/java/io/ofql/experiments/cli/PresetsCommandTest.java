package io.ofql.experiments.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.experiments.testing.Cli;
import java.util.HashMap;
import java.util.Map;
import org.testng.annotations.Test;

/** {@code ofql presets}: resolved values with their sources, against the reference tables. */
public class PresetsCommandTest {

    private static Map<String, JsonObject> settings(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(r.code(), 0, r.err());
        Map<String, JsonObject> out = new HashMap<>();
        for (JsonElement e : JsonParser.parseString(r.out().trim()).getAsJsonObject().getAsJsonArray("settings")) {
            out.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
        }
        return out;
    }

    @Test
    public void printsEachValueWithItsSource() {
        Map<String, JsonObject> s = settings("presets", "--algo", "ofql", "--task", "hopper-medium-expert-v2",
                "--set", "batchSize=512", "--json");
        // OFQL paper Table 5 / DQL's table: eta 0.1, grad-norm 5, temperature 8.
        assertEquals(s.get("eta").get("value").getAsString(), "0.1");
        assertEquals(s.get("eta").get("source").getAsString(), "task hopper-medium-expert");
        assertEquals(s.get("temperature").get("value").getAsString(), "8");
        assertEquals(s.get("batchSize").get("value").getAsString(), "512");
        assertEquals(s.get("batchSize").get("source").getAsString(), "--set");
        assertEquals(s.get("discount").get("source").getAsString(), "default");
        assertTrue(s.get("candidateNoise").get("note").getAsString().contains("CleanDiffuser"));
        Map<String, JsonObject> maze = settings("presets", "--algo", "dql", "--task", "antmaze-medium-play-v2", "--json");
        assertEquals(maze.get("actorLr").get("value").getAsString(), "0.001");
        assertEquals(maze.get("reward").get("value").getAsString(), "antmaze");
        assertEquals(maze.get("reward").get("source").getAsString(), "task antmaze-medium-play");
    }

    @Test
    public void tableHasOneLinePerSetting() {
        Cli.Result r = Cli.run("presets", "--algo", "fql", "--task", "toy-bandit");
        assertEquals(r.code(), 0, r.err());
        assertTrue(r.out().startsWith("fql on toy-bandit (presets/fql.json):"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("hidden\\s+64\\s+task toy-bandit\\s+OFQL paper App. C.*")), r.out());
        assertEquals(r.out().lines().count(), 2L + io.ofql.config.ConfigValues.leaves(io.ofql.baselines.fql.FqlConfig.class).size(), r.out());
    }

    @Test
    public void fqlOnALargeMazeHasItsOfficialNetworksAndAlpha() {
        Map<String, JsonObject> s = settings("presets", "--algo", "fql", "--task", "antmaze-large-play-v2", "--json");
        assertEquals(s.get("hidden").get("value").getAsString(), "512");
        assertEquals(s.get("layers").get("value").getAsString(), "4");
        assertEquals(s.get("alpha").get("value").getAsString(), "3");
        assertEquals(s.get("alpha").get("source").getAsString(), "task antmaze-large-play");
        assertEquals(s.get("qAggregation").get("value").getAsString(), "mean");
        assertEquals(s.get("criticLayerNorm").get("value").getAsString(), "true");
        assertEquals(s.get("normalizeQLoss").get("value").getAsString(), "false");
        assertEquals(s.get("reward").get("value").getAsString(), "minus-one");
        assertTrue(s.get("hidden").get("note").getAsString().contains("FQL's code"));
    }

    @Test
    public void badInputIsOneLine() {
        Cli.Result r = Cli.run("presets", "--algo", "fql", "--task", "hopper-medium-v2", "--set", "qWeight=0");
        assertEquals(r.code(), 2);
        assertEquals(r.err().strip(), "ofql: hyperparameter 'qWeight' of fql is now called 'eta' (--set eta=0)");
        r = Cli.run("presets", "--algo", "ofql", "--task", "antmaze-umaze-v1");
        assertEquals(r.code(), 2);
        assertTrue(r.err().startsWith("ofql: unknown task 'antmaze-umaze-v1'; known: toy-bandit,"), r.err());
        assertEquals(r.err().strip().lines().count(), 1L);
    }
}
