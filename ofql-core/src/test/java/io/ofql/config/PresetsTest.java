package io.ofql.config;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.data.RewardTransform;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.testng.Assert;
import org.testng.annotations.Test;

/** Layering, sources and refusals of preset files, on a small config and a hand-written file. */
public class PresetsTest {

    /** A config with the shared settings and one of its own. */
    public record Small(Common common, double width) implements AlgorithmConfig {
        public Small {
            Checks.positive("width", width);
        }
    }

    private static final String DEFAULTS = "\"defaults\": {\"//\": \"test defaults\", \"hidden\": 8, \"layers\": 2,"
            + " \"actorLr\": 1e-3, \"criticLr\": 1e-3, \"eta\": 1, \"gradNorm\": 0, \"maxQBackup\": false,"
            + " \"maxQSamples\": 4, \"batchSize\": 16, \"discount\": 0.9, \"tau\": 0.01, \"actingPolicy\": \"online\", \"selectByQ\": false,"
            + " \"candidates\": 1, \"temperature\": 1, \"candidateNoise\": 1, \"qScale\": \"none\", \"finalEpisodes\": 3,"
            + " \"normalizeObservations\": true, \"reward\": \"none\","
            + " \"trainingSteps\": 100, \"width\": 2, \"//width\": \"its own note\"}";

    private static Presets<Small> presets(String rest) {
        JsonObject root = JsonParser.parseString("{" + DEFAULTS + rest + "}").getAsJsonObject();
        return Presets.parse("small", Small.class, root, "small.json");
    }

    private static final Presets<Small> LAYERED = presets(", \"domains\": {\"antmaze\": {\"eta\": 2, \"reward\": \"antmaze\","
            + " \"//\": \"domain row\"}}, \"environments\": {\"antmaze-large\": {\"eta\": 3, \"width\": 5, \"//\": \"env row\"}},"
            + " \"tasks\": {\"//\": \"task section\", \"antmaze-large-play\": {\"width\": 7}}, \"renamed\": {\"depth\": \"width\"}");

    private static Map<String, Presets.Setting> byName(Presets.Resolved<Small> resolved) {
        return resolved.settings().stream().collect(Collectors.toMap(Presets.Setting::name, Function.identity()));
    }

    @Test
    public void rowsApplyInOrderAndEachValueKeepsItsSource() {
        Presets.Resolved<Small> play = LAYERED.resolve("antmaze-large-play-v2", Map.of("batchSize", "32"));
        Assert.assertEquals(play.config().width(), 7.0);
        Assert.assertEquals(play.config().common().eta(), 3.0);
        Assert.assertEquals(play.config().common().reward(), RewardTransform.ANTMAZE);
        Assert.assertEquals(play.config().common().batchSize(), 32);
        Map<String, Presets.Setting> s = byName(play);
        Assert.assertEquals(s.get("width").source(), "task antmaze-large-play");
        Assert.assertEquals(s.get("width").note(), "task section");
        Assert.assertEquals(s.get("eta").source(), "environment antmaze-large");
        Assert.assertEquals(s.get("reward").source(), "domain antmaze");
        Assert.assertEquals(s.get("reward").note(), "domain row");
        Assert.assertEquals(s.get("batchSize").source(), "--set");
        Assert.assertEquals(s.get("hidden").source(), "default");
        Assert.assertEquals(s.get("hidden").note(), "test defaults");
        Assert.assertEquals(play.settings().size(), ConfigValues.leaves(Small.class).size());
        // Another maze of the domain: its domain row, no environment or task row.
        Presets.Resolved<Small> umaze = LAYERED.resolve("antmaze-umaze-v0", Map.of());
        Assert.assertEquals(umaze.config().common().eta(), 2.0);
        Assert.assertEquals(umaze.config().width(), 2.0);
        Assert.assertEquals(byName(umaze).get("width").note(), "its own note");
        Assert.assertEquals(LAYERED.resolve("hopper-medium-v2", Map.of()).config().common().reward(), RewardTransform.NONE);
    }

    /**
     * The shared protocol replaces every evaluation setting of the presets, whatever their rows
     * say, and an explicit --set still wins; the paper protocol leaves the rows alone.
     */
    @Test
    public void sharedProtocolReplacesEverySelectionSetting() {
        Presets<Small> rows = presets(", \"tasks\": {\"hopper-medium\": {\"temperature\": 9, \"candidateNoise\": 0.5,"
                + " \"actingPolicy\": \"ema\", \"//\": \"task row\"}}");
        Selection paper = rows.resolve("hopper-medium-v2", Protocol.PAPER, Map.of()).config().common().selection();
        Assert.assertEquals(paper, new Selection(ActingPolicy.EMA, false, 1, 9, 0.5, QScale.NONE, 3, true));
        Presets.Resolved<Small> shared = rows.resolve("hopper-medium-v2", Protocol.SHARED, Map.of("candidates", "7"));
        Assert.assertEquals(shared.config().common().selection(),
                new Selection(ActingPolicy.ONLINE, true, 7, 1, 1, QScale.NONE, 150, true));
        Map<String, Presets.Setting> s = byName(shared);
        for (String leaf : ConfigValues.leaves(Selection.class).keySet()) {
            Assert.assertEquals(s.get(leaf).source(), leaf.equals("candidates") ? "--set" : "protocol shared", leaf);
        }
        Assert.assertEquals(s.get("hidden").source(), "default", "the shared protocol touches evaluation settings only");
        Assert.assertEquals(Protocol.parse("Shared"), Protocol.SHARED);
        Assert.assertEquals(Protocol.parse(null), Protocol.PAPER);
        InputException bad = Assert.expectThrows(InputException.class, () -> Protocol.parse("cleandiffuser"));
        Assert.assertEquals(bad.getMessage(), "unknown protocol 'cleandiffuser'; expected one of paper, shared");
    }

    @Test
    public void overridesAreCheckedAndNamed() {
        InputException unknown = Assert.expectThrows(InputException.class,
                () -> LAYERED.resolve("hopper-medium-v2", Map.of("height", "3")));
        Assert.assertTrue(unknown.getMessage().startsWith("unknown hyperparameter 'height' for small; known: hidden, layers"),
                unknown.getMessage());
        InputException renamed = Assert.expectThrows(InputException.class,
                () -> LAYERED.resolve("hopper-medium-v2", Map.of("depth", "3")));
        Assert.assertEquals(renamed.getMessage(), "hyperparameter 'depth' of small is now called 'width' (--set width=3)");
        InputException refused = Assert.expectThrows(InputException.class,
                () -> LAYERED.resolve("hopper-medium-v2", Map.of("discount", "1")));
        Assert.assertTrue(refused.getMessage().contains("discount must be in [0, 1), got 1.0"), refused.getMessage());
        InputException task = Assert.expectThrows(InputException.class, () -> LAYERED.resolve("hopper-medium", Map.of()));
        Assert.assertTrue(task.getMessage().startsWith("unknown task 'hopper-medium'; known: toy-bandit"), task.getMessage());
    }

    @Test
    public void malformedFilesAreRefusedWhenLoaded() {
        String[][] cases = {
            {", \"tasks\": {\"hopper-medium\": {\"width\": 3}}", "'width' has no source"},
            {", \"tasks\": {\"hopper-medium\": {\"depth\": 3, \"//\": \"x\"}}", "'depth' is not a setting of Small"},
            {", \"tasks\": {\"hopper-medium-v2\": {\"width\": 3, \"//\": \"x\"}}", "row 'hopper-medium-v2'"},
            {", \"domains\": {\"maze\": {\"width\": 3, \"//\": \"x\"}}", "row 'maze'"},
            {", \"tasks\": {\"hopper-medium\": {\"//width\": \"x\", \"//\": \"x\"}}", "note '//width' on no value"},
            {", \"extra\": {}", "unknown section 'extra'"},
            {", \"tasks\": {\"hopper-medium\": {\"width\": \"wide\", \"//\": \"x\"}}", "'width' = 'wide'"},
        };
        for (String[] c : cases) {
            RuntimeException e = Assert.expectThrows(RuntimeException.class, () -> presets(c[0]));
            Assert.assertTrue(e.getMessage().contains(c[1]), c[1] + " in: " + e.getMessage());
        }
        IllegalStateException missing = Assert.expectThrows(IllegalStateException.class,
                () -> Presets.parse("small", Small.class, JsonParser.parseString("{\"defaults\": {}}").getAsJsonObject(), "x.json"));
        Assert.assertTrue(missing.getMessage().contains("no value for 'hidden'"), missing.getMessage());
        // A preset the config refuses is a bug in the file, not the user's input.
        Presets<Small> broken = presets(", \"tasks\": {\"hopper-medium\": {\"width\": -1, \"//\": \"x\"}}");
        IllegalStateException refused = Assert.expectThrows(IllegalStateException.class,
                () -> broken.resolve("hopper-medium-v2", Map.of()));
        Assert.assertTrue(refused.getMessage().contains("width must be a positive finite number"), refused.getMessage());
    }
}
