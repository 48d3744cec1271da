package io.ofql.data;

import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

public class ToyBanditTest {

    @Test
    public void generatesFourClustersWithTheirRewards() {
        Transitions data = ToyBandit.generate(1);
        Assert.assertEquals(data.size(), 10_000);
        Assert.assertEquals(data.obsDim(), 1);
        Assert.assertEquals(data.actDim(), 2);
        for (float v : data.notDone()) {
            Assert.assertEquals(v, 0f, "one-step episodes");
        }
        for (float v : data.observations()) {
            Assert.assertEquals(v, 0f);
        }
        Map<String, Double> fractions = ToyBandit.clusterFractions(data.actions());
        Assert.assertEquals(fractions.keySet().toArray(), new String[] {"-0.8,0.8", "-0.8,-0.8", "0.8,0.8", "0.8,-0.8"});
        for (double f : fractions.values()) {
            Assert.assertEquals(f, 0.25, 1e-3, "std 0.05 puts all but a few samples within 0.2 (4 sd)");
        }
        double[] expected = {3.0, 0.0, 1.5, 5.0};
        float[] rewards = data.rewards();
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            double sq = 0;
            for (int i = c * 2500; i < (c + 1) * 2500; i++) {
                sum += rewards[i];
                sq += rewards[i] * rewards[i];
            }
            double mean = sum / 2500;
            Assert.assertEquals(mean, expected[c], 0.05, "cluster " + c);
            Assert.assertEquals(Math.sqrt(sq / 2500 - mean * mean), 0.5, 0.03, "reward noise sd");
        }
        float max = 0;
        for (float a : data.actions()) {
            max = Math.max(max, Math.abs(a));
        }
        Assert.assertTrue(max <= 1f);
        Assert.assertEquals(ToyBandit.generate(1).actions(), data.actions(), "a pure function of the seed");
    }

    @Test
    public void scoresAndFractionsByNearestCentre() {
        float[] actions = {0.8f, -0.8f, 0.9f, -0.7f, -0.8f, 0.8f, 0f, 0f, 0.8f, 0.8f + 0.21f};
        Map<String, Double> fractions = ToyBandit.clusterFractions(actions);
        Assert.assertEquals(fractions.get("0.8,-0.8"), 0.4);
        Assert.assertEquals(fractions.get("-0.8,0.8"), 0.2);
        Assert.assertEquals(fractions.get("0.8,0.8"), 0.0, "0.21 away is outside");
        Assert.assertEquals(ToyBandit.score(actions), 100 * (5 + 5 + 3) / 5.0 / 5.0, 1e-9);
        Assert.assertEquals(ToyBandit.score(ToyBandit.generate(2).actions()), 100 * (3 + 0 + 1.5 + 5) / 4 / 5.0, 0.5);
    }
}
