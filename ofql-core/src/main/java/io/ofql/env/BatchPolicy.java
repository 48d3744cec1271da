package io.ofql.env;

/**
 * A policy as the simulator sees it: raw host-side observations in, actions in [-1, 1] out.
 *
 * <p>Row-major flat arrays keep the simulator side free of tensors: {@code observations} holds
 * {@code n x observationDim()} values and the result {@code n x actionDim()}. Implementations
 * apply their own observation normalisation.
 */
public interface BatchPolicy {
    int observationDim();

    int actionDim();

    /** Actions for {@code n} observations, one batched call. */
    float[] act(float[] observations, int n);
}
