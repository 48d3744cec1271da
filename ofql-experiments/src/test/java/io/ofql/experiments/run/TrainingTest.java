package io.ofql.experiments.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.google.gson.JsonObject;
import java.util.Map;
import org.testng.annotations.Test;

/** What a run reads from an algorithm's typed config, and how config.json records it. */
public class TrainingTest {

    @Test
    public void configsBecomeFlatJsonWithOneEntryPerSetting() {
        JsonObject json = RecordJson.toJson(Training.factory("dql").config("antmaze-large-play-v2", Map.of()));
        assertEquals(json.get("reward").getAsString(), "antmaze");
        assertTrue(json.get("selectByQ").getAsBoolean());
        assertEquals(json.get("candidates").getAsInt(), 50);
        assertEquals(json.get("eta").getAsDouble(), 4.5);
        assertEquals(json.get("emaDecay").getAsDouble(), 0.995);
        assertEquals(json.get("steps").getAsInt(), 5);
        assertFalse(json.has("common") || json.has("selection") || json.has("ema"), json.toString());
    }

    @Test
    public void defaultStepsAreThePresetsTrainingSteps() {
        assertEquals(Training.defaultSteps("ofql", "hopper-medium-v2", Map.of()), 2_000_000L);
        assertEquals(Training.defaultSteps("dql", "kitchen-complete-v0", Map.of()), 250_000L);
        assertEquals(Training.defaultSteps("fql", "toy-bandit", Map.of("trainingSteps", "30")), 30L);
    }
}
