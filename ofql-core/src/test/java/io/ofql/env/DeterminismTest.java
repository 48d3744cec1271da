package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;

import io.ofql.eval.EvalResult;
import io.ofql.eval.Evaluator;
import org.testng.annotations.Test;

/** Same seed, same bits; different seed, different episode; thread count changes nothing. */
public class DeterminismTest {
    /** A fixed nonlinear feedback policy, so the episode depends on the whole trajectory. */
    static BatchPolicy feedback(EnvSpec spec) {
        return new BatchPolicy() {
            @Override
            public int observationDim() {
                return spec.observationDim();
            }

            @Override
            public int actionDim() {
                return spec.actionDim();
            }

            @Override
            public float[] act(float[] obs, int n) {
                int o = observationDim();
                int a = actionDim();
                float[] out = new float[n * a];
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < a; j++) {
                        double s = 0;
                        for (int k = 0; k < o; k++) {
                            s += Math.sin(1.0 + j * 0.7 + k * 1.3) * obs[r * o + k];
                        }
                        out[r * a + j] = (float) Math.tanh(s);
                    }
                }
                return out;
            }
        };
    }

    @Test
    public void sameSeedGivesBitIdenticalReturns() {
        EvalResult first;
        EvalResult second;
        EvalResult other;
        try (Evaluator ev = new Evaluator(MujocoEnv.factory(EnvSpec.HOPPER), 2)) {
            first = ev.evaluate(feedback(EnvSpec.HOPPER), 3, 11L);
            second = ev.evaluate(feedback(EnvSpec.HOPPER), 3, 11L);
            other = ev.evaluate(feedback(EnvSpec.HOPPER), 3, 12L);
        }
        assertEquals(second.returns(), first.returns());
        assertEquals(second.lengths(), first.lengths());
        assertNotEquals(other.returns()[0], first.returns()[0]);
    }

    @Test
    public void threadCountDoesNotChangeResults() {
        long[] seeds = {1, 2, 3, 4, 5};
        VectorEnv.Rollout one;
        VectorEnv.Rollout three;
        try (VectorEnv v = new VectorEnv(MujocoEnv.factory(EnvSpec.WALKER2D), 5, 1)) {
            one = v.rollout(feedback(EnvSpec.WALKER2D), seeds);
        }
        try (VectorEnv v = new VectorEnv(MujocoEnv.factory(EnvSpec.WALKER2D), 5, 3)) {
            three = v.rollout(feedback(EnvSpec.WALKER2D), seeds);
        }
        assertEquals(three.returns(), one.returns());
        assertEquals(three.lengths(), one.lengths());
        assertEquals(three.terminals(), one.terminals());
    }

    @Test
    public void vectorEnvMatchesSingleEnvEpisodes() {
        // Episodes of different lengths leave the batch at different steps; each must still
        // equal the same episode run alone.
        long[] seeds = {21, 22, 23};
        BatchPolicy policy = feedback(EnvSpec.HOPPER);
        java.util.List<Integer> batchSizes = new java.util.ArrayList<>();
        BatchPolicy recording = new BatchPolicy() {
            @Override
            public int observationDim() {
                return policy.observationDim();
            }

            @Override
            public int actionDim() {
                return policy.actionDim();
            }

            @Override
            public float[] act(float[] obs, int n) {
                batchSizes.add(n);
                return policy.act(obs, n);
            }
        };
        VectorEnv.Rollout batch;
        try (VectorEnv v = new VectorEnv(MujocoEnv.factory(EnvSpec.HOPPER), 3, 2)) {
            batch = v.rollout(recording, seeds);
        }
        // One policy call per step, holding exactly the episodes still running at that step.
        int longest = java.util.Arrays.stream(batch.lengths()).max().getAsInt();
        assertEquals(batchSizes.size(), longest);
        for (int t = 0; t < longest; t++) {
            int step = t;
            long live = java.util.Arrays.stream(batch.lengths()).filter(len -> len > step).count();
            assertEquals((long) batchSizes.get(t), live, "batch size at step " + t);
        }
        assertEquals(batch.totalSteps(), java.util.Arrays.stream(batch.lengths()).sum());
        try (MujocoEnv env = new MujocoEnv(EnvSpec.HOPPER)) {
            for (int e = 0; e < seeds.length; e++) {
                double[] obs = env.reset(seeds[e]);
                double ret = 0;
                int len = 0;
                while (true) {
                    float[] o = new float[obs.length];
                    for (int k = 0; k < o.length; k++) {
                        o[k] = (float) obs[k];
                    }
                    float[] a = policy.act(o, 1);
                    double[] ad = new double[a.length];
                    for (int k = 0; k < a.length; k++) {
                        ad[k] = a[k];
                    }
                    Environment.Step s = env.step(ad);
                    ret += s.reward();
                    len++;
                    obs = s.observation();
                    if (s.done()) {
                        break;
                    }
                }
                assertEquals(batch.returns()[e], ret, 0.0, "episode " + e);
                assertEquals(batch.lengths()[e], len, "episode " + e);
            }
        }
    }
}
