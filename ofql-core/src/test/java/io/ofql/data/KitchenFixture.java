package io.ofql.data;

import io.ofql.env.KitchenEnv;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes small kitchen datasets in D4RL's layout (the keys and dtypes of D4RL's
 * generate_kitchen_datasets.py): {@code observations} (N, 60) float32, {@code actions} (N, 9)
 * float32, {@code rewards} (N) float32, {@code terminals} (N) float32 with 1 on each demo's last
 * step, {@code infos} (N) int64 demo index; no {@code timeouts}.
 *
 * <p>The demos are rollouts of {@link KitchenEnv} (microwave, kettle, light switch, slide cabinet)
 * under smooth random actions: demo 0 starts at the initial state, demo 1 with the microwave open,
 * demo 2 and later with the microwave and the slide cabinet open. Each step stores the observation
 * before the action and, like D4RL's files, the number of task elements that observation
 * satisfies as its reward (no element removed).
 */
public final class KitchenFixture {
    private KitchenFixture() {}

    /** Three demos of 6, 5 and 4 steps (15 rows), seed 0. */
    public static Path write(Path file) {
        return demos(new int[] {6, 5, 4}, 0).write(file);
    }

    /** Demos of the given lengths; {@code seed} drives the actions and the observation noise. */
    static Fixtures demos(int[] lengths, long seed) {
        int n = 0;
        for (int length : lengths) {
            n += length;
        }
        float[][] obs = new float[n][];
        float[][] act = new float[n][];
        float[] rewards = new float[n];
        float[] terminals = new float[n];
        long[] infos = new long[n];
        SplittableRandom rng = new SplittableRandom(seed);
        KitchenEnv.TaskSet tasks = KitchenEnv.TaskSet.MICROWAVE_KETTLE_LIGHT_SLIDER;
        try (KitchenEnv env = new KitchenEnv(tasks)) {
            int row = 0;
            for (int d = 0; d < lengths.length; d++) {
                env.reset(rng.nextLong());
                double[] q = env.simulator().qpos();
                if (d >= 1) {
                    q[22] = -0.75;
                }
                if (d >= 2) {
                    q[19] = 0.37;
                }
                double[] o = env.resetTo(q, new double[KitchenEnv.NV], rng.nextLong());
                double[] a = new double[KitchenEnv.ACTION_DIM];
                for (int t = 0; t < lengths[d]; t++, row++) {
                    for (int i = 0; i < a.length; i++) {
                        a[i] = Math.max(-1, Math.min(1, 0.8 * a[i] + 0.4 * rng.nextDouble(-1, 1)));
                    }
                    obs[row] = toFloat(o);
                    act[row] = toFloat(a);
                    rewards[row] = tasks.satisfiedCount(o);
                    terminals[row] = t == lengths[d] - 1 ? 1f : 0f;
                    infos[row] = d;
                    o = env.step(a).observation();
                }
            }
        }
        return new Fixtures()
                .put("observations", obs)
                .put("actions", act)
                .put("rewards", rewards)
                .put("terminals", terminals)
                .put("infos", infos);
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
