package io.ofql.experiments.run;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.ofql.data.RewardTransform;
import org.testng.annotations.Test;

/** How a run reads what it needs from an algorithm's config record. */
public class TrainingTest {
    record Named(String reward, int candidates) {}

    record Typed(RewardTransform reward, boolean selectByQ, int candidates) {}

    record Bare(int batchSize) {}

    @Test
    public void rewardTransformComesFromTheConfigOrTheDomain() {
        assertEquals(Training.rewardTransform(new Named("antmaze", 1), "hopper-medium-v2"), RewardTransform.ANTMAZE);
        assertEquals(Training.rewardTransform(new Typed(RewardTransform.MINUS_ONE, true, 1), "hopper-medium-v2"),
                RewardTransform.MINUS_ONE);
        assertEquals(Training.rewardTransform(new Bare(1), "antmaze-large-play-v2"), RewardTransform.ANTMAZE);
        assertEquals(Training.rewardTransform(new Bare(1), "hopper-medium-v2"), RewardTransform.NONE);
    }

    @Test
    public void selectionByQFollowsTheConfig() {
        assertFalse(Training.selectByQ(new Typed(RewardTransform.NONE, false, 50)));
        assertTrue(Training.selectByQ(new Typed(RewardTransform.NONE, true, 1)));
        assertTrue(Training.selectByQ(new Named("none", 50)));
        assertFalse(Training.selectByQ(new Named("none", 1)));
        assertFalse(Training.selectByQ(new Bare(1)));
    }

    @Test
    public void configRecordsBecomeJson() {
        var json = RecordJson.toJson(new Typed(RewardTransform.ANTMAZE, true, 50));
        assertEquals(json.get("reward").getAsString(), "ANTMAZE");
        assertTrue(json.get("selectByQ").getAsBoolean());
        assertEquals(json.get("candidates").getAsInt(), 50);
        assertEquals(RecordJson.component(new Bare(7), "batchSize"), java.util.Optional.of(7));
        assertTrue(RecordJson.component(new Bare(7), "nope").isEmpty());
    }
}
