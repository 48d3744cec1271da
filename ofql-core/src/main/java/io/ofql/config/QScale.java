package io.ofql.config;

import java.util.Arrays;

/**
 * The scale of Q that selection by Q sees: candidates are drawn with probability
 * softmax(Q' * factor * temperature), where the factor depends on the training data.
 *
 * <pre>
 *   none          factor = 1
 *   return-range  factor = 1000 / (max_e R_e - min_e R_e)     R_e the return of dataset episode e
 * </pre>
 *
 * {@code return-range} is CleanDiffuser's reward normalisation for D4RL MuJoCo
 * ({@code cleandiffuser/dataset/d4rl_mujoco_dataset.py}, {@code modify_reward}: rewards divided by
 * the range of episode returns, times 1000). Its critics learn Q on that scale, and its per-task
 * {@code weight_temperature} values, which the OFQL paper adopts, were set for it. The toolkit
 * trains on the rewards as they are and scales Q at selection instead: the factor multiplies the
 * temperature, which gives the same probabilities as a critic trained on the scaled rewards
 * (Q is linear in the rewards), without changing training.
 */
public enum QScale {
    /** Q as the critic learned it (DQL's {@code softmax(q_value)}). */
    NONE,
    /** Q as if the rewards were rescaled so that the dataset's episode returns span 1000. */
    RETURN_RANGE;

    /** The span of episode returns that {@link #RETURN_RANGE} maps Q onto (CleanDiffuser's max_episode_steps). */
    public static final double RETURN_SPAN = 1000;

    /**
     * The factor for a dataset with these episode returns.
     *
     * @throws IllegalArgumentException for {@link #RETURN_RANGE} when there are no returns or all are equal
     */
    public double factor(double[] episodeReturns) {
        if (this == NONE) {
            return 1;
        }
        double max = Arrays.stream(episodeReturns).max().orElse(Double.NaN);
        double min = Arrays.stream(episodeReturns).min().orElse(Double.NaN);
        if (!(max > min)) {
            throw new IllegalArgumentException("qScale return-range needs episodes with different returns, got "
                    + episodeReturns.length + " episode(s) with returns in [" + min + ", " + max + "]");
        }
        return RETURN_SPAN / (max - min);
    }
}
