package io.ofql.collect;

import io.ofql.InputException;
import java.util.SplittableRandom;

/**
 * How a collection turns the policy's action into the action taken. Per step and per action
 * dimension k, with {@code u ~ U[0, 1)} drawn once per step:
 *
 * <pre>
 * a_k = U(-1, 1)                                     if u &lt; randomProb
 * a_k = clip(pi(s)_k + noise * N(0, 1), -1, 1)       otherwise
 * </pre>
 *
 * The clipped action is what the environment applies and what the dataset records.
 *
 * @param noise standard deviation of the Gaussian action noise (0 for none)
 * @param randomProb probability per step of a uniform random action in [-1, 1]
 */
public record Behaviour(double noise, double randomProb) {
    /**
     * @throws InputException when the noise is negative or not finite, or the probability is
     *     outside [0, 1]
     */
    public Behaviour {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InputException("--noise " + noise + ": expected a finite standard deviation >= 0");
        }
        if (!(randomProb >= 0 && randomProb <= 1)) {
            throw new InputException("--random-prob " + randomProb + ": expected a probability in [0, 1]");
        }
    }

    /** Whether the policy is ever consulted (a fully random behaviour needs none). */
    public boolean usesPolicy() {
        return randomProb < 1;
    }

    /**
     * Writes the action taken into {@code out}.
     *
     * @param policyAction the policy's actions, row-major; ignored when the step is random
     * @param offset where this row's action starts in {@code policyAction}
     */
    void act(SplittableRandom rng, float[] policyAction, int offset, double[] out) {
        if (rng.nextDouble() < randomProb) {
            for (int k = 0; k < out.length; k++) {
                out[k] = rng.nextDouble(-1.0, 1.0);
            }
            return;
        }
        for (int k = 0; k < out.length; k++) {
            double a = policyAction[offset + k] + (noise > 0 ? noise * rng.nextGaussian() : 0.0);
            out[k] = Math.max(-1.0, Math.min(1.0, a));
        }
    }
}
