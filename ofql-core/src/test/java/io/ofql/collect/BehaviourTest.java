package io.ofql.collect;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/** The per-step action rule, checked by its statistics over many draws. */
public class BehaviourTest {
    private static final int DRAWS = 40_000;

    @Test
    public void withoutNoiseOrRandomStepsThePolicyActionIsTakenClipped() {
        Behaviour b = new Behaviour(0, 0);
        double[] out = new double[3];
        b.act(new SplittableRandom(1), new float[] {9f, 0.25f, -0.5f, -3f}, 1, out);
        assertEquals(out, new double[] {0.25, -0.5, -1.0}, 0.0);
    }

    @Test
    public void gaussianNoiseHasTheRequestedStd() {
        Behaviour b = new Behaviour(0.1, 0);
        SplittableRandom rng = new SplittableRandom(2);
        double[] out = new double[1];
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DRAWS; i++) {
            b.act(rng, new float[] {0.2f}, 0, out);
            double d = out[0] - 0.2f;
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / DRAWS;
        double std = Math.sqrt(sumSq / DRAWS - mean * mean);
        // the std of a 40,000-sample std estimate is about 0.1 / sqrt(2 * 40000) = 3.5e-4
        assertEquals(std, 0.1, 0.002);
        assertEquals(mean, 0.0, 0.002);
    }

    @Test
    public void randomStepsComeWithTheRequestedProbabilityAndAreUniform() {
        Behaviour b = new Behaviour(0, 0.3);
        SplittableRandom rng = new SplittableRandom(3);
        double[] out = new double[2];
        int random = 0;
        int[] bins = new int[4];
        for (int i = 0; i < DRAWS; i++) {
            // the policy action lies outside [-1, 1], so only a random step can produce these values
            b.act(rng, new float[] {5f, 5f}, 0, out);
            if (out[0] != 1.0) {
                random++;
                assertTrue(out[0] >= -1 && out[0] < 1 && out[1] >= -1 && out[1] < 1);
                assertTrue(out[1] != 1.0, "a random step is random in every dimension");
                bins[(int) Math.floor((out[0] + 1) * 2)]++;
            }
        }
        // binomial std sqrt(40000 * 0.3 * 0.7) = 92, so 4.4 sigma
        assertEquals(random, 0.3 * DRAWS, 400);
        for (int bin : bins) {
            assertEquals(bin, random / 4.0, 0.06 * random, "uniform over [-1, 1]: " + java.util.Arrays.toString(bins));
        }
    }

    @Test
    public void aFullyRandomBehaviourNeedsNoPolicy() {
        assertFalse(new Behaviour(0, 1).usesPolicy());
        assertTrue(new Behaviour(0, 0.99).usesPolicy());
        double[] out = new double[2];
        new Behaviour(0, 1).act(new SplittableRandom(4), null, 0, out);
        assertTrue(Math.abs(out[0]) <= 1 && Math.abs(out[1]) <= 1);
    }

    @Test
    public void badSettingsAreRejectedWithTheOption() {
        assertTrue(expectThrows(InputException.class, () -> new Behaviour(-0.1, 0)).getMessage().contains("--noise"));
        assertTrue(expectThrows(InputException.class, () -> new Behaviour(Double.NaN, 0)).getMessage().contains("--noise"));
        assertTrue(expectThrows(InputException.class, () -> new Behaviour(0.1, 1.5)).getMessage()
                .contains("--random-prob 1.5"));
        assertTrue(expectThrows(InputException.class, () -> new Behaviour(0.1, -0.1)).getMessage()
                .contains("[0, 1]"));
    }

    @Test
    public void levelPresetsAndOverrides() {
        assertEquals(Level.parse("medium-expert"), Level.MEDIUM_EXPERT);
        assertEquals(Level.parse(" Expert "), Level.EXPERT);
        assertEquals(Level.EXPERT.behaviour(null, null), new Behaviour(0.1, 0));
        assertEquals(Level.MEDIUM.behaviour(null, 0.3), new Behaviour(0.1, 0.3));
        assertEquals(Level.RANDOM.behaviour(null, null).randomProb(), 1.0);
        assertTrue(expectThrows(InputException.class, () -> Level.parse("novice")).getMessage()
                .contains("expert, medium, random, medium-expert"));
    }
}
