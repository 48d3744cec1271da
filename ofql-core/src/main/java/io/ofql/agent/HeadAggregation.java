package io.ofql.agent;

import ai.djl.ndarray.NDArray;

/**
 * How the two heads of a {@link TwinCritic} combine into one value: the clipped double-Q minimum
 * (TD3, DQL, OFQL Eq. 17) or their mean (FQL's code, {@code q_agg='mean'}, its default on D4RL
 * AntMaze and the OGBench tasks it does not switch to {@code min}).
 *
 * <pre>
 *   MIN:  Q(s, a) = min(Q_1(s, a), Q_2(s, a))
 *   MEAN: Q(s, a) = (Q_1(s, a) + Q_2(s, a)) / 2
 * </pre>
 */
public enum HeadAggregation {
    /** min over the heads. */
    MIN,
    /** mean of the heads. */
    MEAN;

    /** Reduces the head axis {@code axis} of {@code q}, dropping it. */
    public NDArray reduce(NDArray q, int axis) {
        return this == MIN ? q.min(new int[] {axis}) : q.mean(new int[] {axis});
    }
}
