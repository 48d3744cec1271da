package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import org.testng.annotations.Test;

public class RewardTransformTest {

    private static Transitions withRewards(float... rewards) {
        int n = rewards.length;
        return Transitions.of(1, 1, new float[n], new float[n], rewards, new float[n], filled(n));
    }

    private static float[] filled(int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        return ones;
    }

    @Test
    public void parsesTheCommandLineNames() {
        assertEquals(RewardTransform.parse("none"), RewardTransform.NONE);
        assertEquals(RewardTransform.parse("antmaze"), RewardTransform.ANTMAZE);
        assertEquals(RewardTransform.parse("minus-one"), RewardTransform.MINUS_ONE);
        assertEquals(RewardTransform.parse("Standardize"), RewardTransform.STANDARDIZE);
        InputException e = expectThrows(InputException.class, () -> RewardTransform.parse("minus_one"));
        assertTrue(e.getMessage().contains("'minus_one'")
                && e.getMessage().contains("none|antmaze|minus-one|standardize"), e.getMessage());
    }

    @Test
    public void antmazeMapsZeroOneToMinusTwoPlusTwo() {
        Transitions t = withRewards(0f, 1f, 0.5f);
        assertEquals(RewardTransform.ANTMAZE.apply(t).rewards(), new float[] {-2f, 2f, 0f});
        assertEquals(t.rewards(), new float[] {0f, 1f, 0.5f}, "input unchanged");
    }

    @Test
    public void minusOneAndNone() {
        Transitions t = withRewards(0f, 1f, 3f);
        assertEquals(RewardTransform.MINUS_ONE.apply(t).rewards(), new float[] {-1f, 0f, 2f});
        assertSame(RewardTransform.NONE.apply(t), t);
    }

    @Test
    public void standardizeUsesThePopulationStd() {
        // mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        double std = Math.sqrt(1.25);
        float[] out = RewardTransform.STANDARDIZE.apply(withRewards(1f, 2f, 3f, 4f)).rewards();
        float[] expected = {(float) (-1.5 / std), (float) (-0.5 / std), (float) (0.5 / std), (float) (1.5 / std)};
        assertEquals(out, expected);
        InputException e = expectThrows(InputException.class,
                () -> RewardTransform.STANDARDIZE.apply(withRewards(2f, 2f)));
        assertTrue(e.getMessage().contains("std is 0"), e.getMessage());
    }

    @Test
    public void rawTransitionsRejectMismatchedArrays() {
        expectThrows(IllegalArgumentException.class,
                () -> Transitions.of(2, 1, new float[3], new float[2], new float[2], new float[4], filled(2)));
        expectThrows(IllegalArgumentException.class,
                () -> Transitions.of(1, 1, new float[2], new float[2], new float[2], new float[2], new float[] {1, 2}));
    }
}
