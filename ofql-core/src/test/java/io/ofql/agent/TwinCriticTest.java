package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.testng.Assert;
import org.testng.annotations.Test;

public class TwinCriticTest {

    /** y = r + gamma notDone min_i max_k Q'_i, checked against the heads evaluated one by one. */
    @Test
    public void maxQBackupTakesMaxOverSamplesThenMinOverHeads() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager step = manager.newSubManager()) {
            TwinCritic critic = new TwinCritic(manager, 3, 2, new int[] {16, 16}, false, new long[] {1, 2}, 3e-4f);
            int k = 4;
            int b = 5;
            NDArray nextObs = step.randomNormal(new Shape(2, b, 3));
            NDArray nextActions = step.randomUniform(-1f, 1f, new Shape(2, k * b, 2));
            NDArray rewards = step.randomNormal(new Shape(2, b, 1));
            NDArray notDone = step.create(new float[] {1, 0, 1, 1, 1, 1, 1, 0, 1, 1}, new Shape(2, b, 1));
            NDArray repeated = TwinCritic.repeatBlocks(nextObs, k);
            float[] y = critic.backupTarget(rewards, notDone, 0.9f, repeated, nextActions, k).toFloatArray();
            float[] q = critic.q(critic.target(), repeated, nextActions).toFloatArray(); // (2, 2, k b, 1)
            float[] r = rewards.toFloatArray();
            float[] d = notDone.toFloatArray();
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < b; i++) {
                    double min = Double.POSITIVE_INFINITY;
                    for (int head = 0; head < 2; head++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < k; j++) {
                            max = Math.max(max, q[(s * 2 + head) * k * b + j * b + i]);
                        }
                        min = Math.min(min, max);
                    }
                    Assert.assertEquals(y[s * b + i], r[s * b + i] + 0.9 * d[s * b + i] * min, 1e-5);
                }
            }
            // Block j of the repeated observations is the batch itself.
            Assert.assertEquals(repeated.get(":, 10:15").toFloatArray(), nextObs.toFloatArray());
        }
    }

    /**
     * Target heads made constant (every weight 0, output bias c_i): y = r + gamma notDone agg(c_1, c_2)
     * with agg the min or the mean, whatever the next states and actions and with the max-Q backup.
     */
    @Test
    public void targetCombinesHeadsByMinOrMean() {
        try (NDManager manager = NDManager.newBaseManager(); NDManager step = manager.newSubManager()) {
            for (boolean layerNorm : new boolean[] {false, true}) {
                TwinCritic critic = new TwinCritic(manager, 3, 2, new int[] {8, 8}, layerNorm, new long[] {4}, 3e-4f);
                NDArray target = critic.target();
                long p = critic.network().parametersPerMember();
                target.set(new NDIndex(":"), 0f);
                target.set(new NDIndex("0, " + (p - 1)), 2f); // head 1: Q = 2
                target.set(new NDIndex("1, " + (p - 1)), -4f); // head 2: Q = -4
                int k = 3;
                int b = 4;
                NDArray nextObs = TwinCritic.repeatBlocks(step.randomNormal(new Shape(1, b, 3)), k);
                NDArray nextActions = step.randomUniform(-1f, 1f, new Shape(1, k * b, 2));
                NDArray rewards = step.create(new float[] {0.5f, -1f, 0f, 2f}, new Shape(1, b, 1));
                NDArray notDone = step.create(new float[] {1, 1, 0, 1}, new Shape(1, b, 1));
                float[] mean = critic.backupTarget(rewards, notDone, 0.5f, nextObs, nextActions, k,
                        HeadAggregation.MEAN).toFloatArray();
                float[] min = critic.backupTarget(rewards, notDone, 0.5f, nextObs, nextActions, k).toFloatArray();
                // mean(2, -4) = -1, min = -4; gamma 0.5.
                Assert.assertEquals(mean, new float[] {0f, -1.5f, 0f, 1.5f}, 1e-6f, "layerNorm " + layerNorm);
                Assert.assertEquals(min, new float[] {-1.5f, -3f, 0f, 0f}, 1e-6f, "layerNorm " + layerNorm);
            }
        }
    }

    /** Regression onto a fixed target: the loss falls, and a seed whose data changes is the only one that moves differently. */
    @Test
    public void updateFitsTargetAndSeedsStayIndependent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TwinCritic a = new TwinCritic(manager, 2, 1, new int[] {32, 32}, true, new long[] {7, 8, 9}, 1e-3f);
            TwinCritic b = new TwinCritic(manager, 2, 1, new int[] {32, 32}, true, new long[] {7, 8, 9}, 1e-3f);
            NDArray obs = manager.randomUniform(-1f, 1f, new Shape(3, 64, 2));
            NDArray act = manager.randomUniform(-1f, 1f, new Shape(3, 64, 1));
            NDArray y = obs.get(":, :, 0:1").mul(act).mul(3);
            NDArray otherY = y.duplicate();
            otherY.set(new ai.djl.ndarray.index.NDIndex("1"), y.get("1").add(5));
            float first = 0;
            float last = 0;
            for (int i = 0; i < 200; i++) {
                try (NDManager step = manager.newSubManager()) {
                    Map<String, NDArray> metrics = a.update(obs, act, y, 1f, step);
                    b.update(obs, act, otherY, 1f, step);
                    float[] loss = metrics.get("critic_loss").toFloatArray();
                    if (i == 0) {
                        first = loss[0];
                    }
                    last = loss[0];
                    a.softUpdate(0.005f);
                    b.softUpdate(0.005f);
                }
            }
            Assert.assertTrue(last < 0.2f * first, "critic loss " + first + " -> " + last);
            long p = a.network().parametersPerMember();
            float[] pa = a.online().values().toFloatArray();
            float[] pb = b.online().values().toFloatArray();
            for (int member = 0; member < 6; member++) {
                boolean same = true;
                for (long i = member * p; i < (member + 1) * p; i++) {
                    same &= pa[(int) i] == pb[(int) i];
                }
                Assert.assertEquals(same, member / 2 != 1, "member " + member + " (seed " + member / 2 + ")");
            }
        }
    }
}
