package io.ofql.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The 2-D toy bandit of DQL's and OFQL's toy experiments, generated in code.
 *
 * <p>One state and one step: actions come from four Gaussian clusters (std 0.05, clipped to
 * [-1, 1]) of 2,500 samples each, centred at (+-0.8, +-0.8); the reward of a sample is its
 * cluster's reward plus N(0, 0.5) noise:
 *
 * <pre>
 *   centre      (-0.8, 0.8)  (-0.8, -0.8)  (0.8, 0.8)  (0.8, -0.8)
 *   reward          3.0          0.0          1.5          5.0
 * </pre>
 *
 * <p>As transitions: the state is one zero feature (obsDim 1, so networks keep their usual input
 * layout), the next state the same zero, and {@code notDone = 0} everywhere: an episode is one
 * step, so the TD target is the reward itself.
 */
public final class ToyBandit {
    public static final int OBSERVATION_DIM = 1;
    public static final int ACTION_DIM = 2;
    public static final int PER_CLUSTER = 2500;
    /** The clusters' names, "x,y" of their centres. */
    public static final String[] KEYS = {"-0.8,0.8", "-0.8,-0.8", "0.8,0.8", "0.8,-0.8"};
    private static final float[][] CENTRES = {{-0.8f, 0.8f}, {-0.8f, -0.8f}, {0.8f, 0.8f}, {0.8f, -0.8f}};
    private static final float[] REWARDS = {3.0f, 0.0f, 1.5f, 5.0f};
    private static final float BEST_REWARD = 5.0f;
    private static final double RADIUS = 0.2;

    private ToyBandit() {}

    /** The 10,000 transitions, drawn from {@code seed}, clusters in order. */
    public static Transitions generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = CENTRES.length * PER_CLUSTER;
        float[] actions = new float[n * ACTION_DIM];
        float[] rewards = new float[n];
        for (int c = 0; c < CENTRES.length; c++) {
            for (int i = 0; i < PER_CLUSTER; i++) {
                int row = c * PER_CLUSTER + i;
                for (int d = 0; d < ACTION_DIM; d++) {
                    double value = CENTRES[c][d] + 0.05 * random.nextGaussian();
                    actions[row * ACTION_DIM + d] = (float) Math.max(-1, Math.min(1, value));
                }
                rewards[row] = (float) (REWARDS[c] + 0.5 * random.nextGaussian());
            }
        }
        float[] zeros = new float[n * OBSERVATION_DIM];
        return Transitions.of(OBSERVATION_DIM, ACTION_DIM, zeros, actions, rewards, zeros.clone(), new float[n]);
    }

    /** Fraction of the actions (flat n x 2) within 0.2 of each centre, keyed by {@link #KEYS}. */
    public static Map<String, Double> clusterFractions(float[] actions) {
        int n = actions.length / ACTION_DIM;
        int[] counts = new int[CENTRES.length];
        for (int i = 0; i < n; i++) {
            int c = cluster(actions[i * ACTION_DIM], actions[i * ACTION_DIM + 1]);
            if (c >= 0) {
                counts[c]++;
            }
        }
        Map<String, Double> fractions = new LinkedHashMap<>();
        for (int c = 0; c < CENTRES.length; c++) {
            fractions.put(KEYS[c], n == 0 ? 0.0 : counts[c] / (double) n);
        }
        return fractions;
    }

    /**
     * 100 x the mean noise-free reward of the actions' clusters over the best reward (5.0); an
     * action farther than 0.2 from every centre earns 0.
     */
    public static double score(float[] actions) {
        int n = actions.length / ACTION_DIM;
        double total = 0;
        for (int i = 0; i < n; i++) {
            int c = cluster(actions[i * ACTION_DIM], actions[i * ACTION_DIM + 1]);
            total += c >= 0 ? REWARDS[c] : 0;
        }
        return n == 0 ? 0 : 100 * total / n / BEST_REWARD;
    }

    /** The index of the centre within 0.2 of (x, y), or -1 (the discs do not overlap). */
    private static int cluster(float x, float y) {
        for (int c = 0; c < CENTRES.length; c++) {
            double dx = x - CENTRES[c][0];
            double dy = y - CENTRES[c][1];
            if (dx * dx + dy * dy <= RADIUS * RADIUS) {
                return c;
            }
        }
        return -1;
    }
}
