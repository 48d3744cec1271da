package io.ofql.nn;

import ai.djl.ndarray.NDArray;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}, done in place and
 * without reading the device:
 *
 * <pre>
 *   n_g = || grad of group g ||_2,   grad_g = grad_g * min(1, maxNorm / (n_g + 1e-6))
 * </pre>
 *
 * <p>Both signs are scaled (DJL's {@code optClipGrad} clamps only from above). A buffer of E
 * members is split into {@code groups} equal consecutive groups of members, one norm each: one
 * group per seed, so the twin heads of a seed's critic share a norm as DQL's one critic module
 * does, and seeds never influence each other.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Clips {@code gradient} (E, P) in place per group and returns the pre-clip norms (groups),
     * which belong to the gradient's manager. {@code maxNorm <= 0} only computes the norms.
     */
    public static NDArray clipByGlobalNorm(NDArray gradient, int groups, float maxNorm) {
        long members = gradient.getShape().get(0);
        if (groups <= 0 || members % groups != 0) {
            throw new IllegalArgumentException(members + " members cannot form " + groups + " equal groups");
        }
        NDArray grouped = gradient.reshape(groups, -1);
        NDArray norms = groupNorms(grouped);
        if (maxNorm > 0) {
            grouped.muli(Scalars.atMost(Scalars.times(Scalars.power(Scalars.plus(norms, 1e-6f), -1), maxNorm), 1));
        }
        return norms.reshape(groups);
    }

    /** The L2 norm of each of {@code groups} equal consecutive groups of members of (E, P), shape (groups). */
    public static NDArray norms(NDArray gradient, int groups) {
        return groupNorms(gradient.reshape(groups, -1)).reshape(groups);
    }

    private static NDArray groupNorms(NDArray grouped) {
        return grouped.square().sum(new int[] {1}, true).sqrt();
    }
}
