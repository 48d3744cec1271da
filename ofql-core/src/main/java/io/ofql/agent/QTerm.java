package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.nn.Scalars;

/**
 * The normalised Q term of the actor loss, as DQL's code writes it (Wang et al. 2023; OFQL
 * Sec. 4.3):
 *
 * <pre>
 *   q_loss = - mean Q_a(s, a_pi) / stop_gradient(mean |Q_b(s, a_pi)|)
 * </pre>
 *
 * <p>where (a, b) = (1, 2), or (2, 1) with probability 0.5 per step and seed. The swap is a
 * device-side {@code where}, so no value is read back. Shapes: Q (S, 2, B, 1) from a
 * {@link TwinCritic}, swap (S, 1, 1) boolean, result (S).
 *
 * <p>FQL's code writes the term on the mean of the heads instead, normalised only on request
 * ({@code normalize_q_loss}, off in its paper's runs):
 *
 * <pre>
 *   q_bar  = (Q_1(s, a_pi) + Q_2(s, a_pi)) / 2
 *   q_loss = - mean q_bar                              ({@link #meanLoss}, normalise false)
 *   q_loss = - mean q_bar / stop_gradient(mean |q_bar|)   (normalise true)
 * </pre>
 */
public final class QTerm {
    private QTerm() {}

    /** One fair coin per seed: true swaps the heads. */
    public static NDArray sampleSwap(NDManager manager, int seeds) {
        return Scalars.below(manager.randomUniform(0f, 1f, new Shape(seeds, 1, 1)), 0.5f);
    }

    /** q_loss per seed, differentiable through the numerator only. */
    public static NDArray loss(NDArray q, NDArray swap) {
        NDArray q1 = q.get(":, 0");
        NDArray q2 = q.get(":, 1");
        // DJL's where does not broadcast its condition; expand it (a view) to the heads' shape.
        NDArray condition = swap.broadcast(q1.getShape());
        NDArray numerator = NDArrays.where(condition, q2, q1);
        NDArray denominator = NDArrays.where(condition, q1, q2);
        int[] batchAxes = {1, 2};
        return numerator.sum(batchAxes).neg().div(denominator.abs().sum(batchAxes).stopGradient());
    }

    /** FQL's q_loss per seed on the mean of the heads, (S); divided by sg(mean |q_bar|) when {@code normalise}. */
    public static NDArray meanLoss(NDArray q, boolean normalise) {
        NDArray mean = HeadAggregation.MEAN.reduce(q, 1);
        int[] batchAxes = {1, 2};
        NDArray sum = mean.sum(batchAxes).neg();
        return normalise ? sum.div(mean.abs().sum(batchAxes).stopGradient())
                : Scalars.dividedBy(sum, mean.getShape().get(1));
    }
}
