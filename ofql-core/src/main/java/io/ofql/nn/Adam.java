package io.ofql.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's {@code torch.optim.Adam} semantics over one flat
 * parameter buffer, updated in place:
 *
 * <pre>
 *   m = b1 m + (1 - b1) g,   v = b2 v + (1 - b2) g^2,   t = t + 1
 *   p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * <p>The moments are created eagerly beside the parameters (same manager, device and shape), so
 * they survive scoped temporaries and can be checkpointed with {@link #firstMoment()},
 * {@link #secondMoment()} and {@link #steps()}, then restored with {@link #restore}. The bias
 * corrections are host scalars from the step counter: an update never reads the device.
 *
 * <p>The update is the engine's fused Adam kernel sequence (one native call, host numbers passed
 * as arguments), whose rule is {@code p -= lr' m / (sqrt(v) + eps')}; with
 * {@code lr' = lr sqrt(1 - b2^t) / (1 - b1^t)} and {@code eps' = eps sqrt(1 - b2^t)} that is
 * exactly the rule above. Its weight decay is 0 and its one-sided clamp is off: clipping is
 * {@link GradClip}'s job.
 */
public final class Adam {
    private final ParameterBuffer parameters;
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final NDArray m;
    private final NDArray v;
    private long steps;

    /** Adam with PyTorch's defaults (0.9, 0.999, 1e-8) at the given learning rate. */
    public Adam(ParameterBuffer parameters, float learningRate) {
        this(parameters, learningRate, 0.9f, 0.999f, 1e-8f);
    }

    public Adam(ParameterBuffer parameters, float learningRate, float beta1, float beta2, float eps) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("bad Adam settings: lr " + learningRate + ", betas "
                    + beta1 + ", " + beta2 + ", eps " + eps);
        }
        this.parameters = parameters;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        NDArray values = parameters.values();
        m = values.zerosLike();
        v = values.zerosLike();
    }

    /** One update from {@code gradient} (shape of the parameters); all temporaries are released. */
    public void step(NDArray gradient) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        double root2 = Math.sqrt(correction2);
        JniUtils.adamUpdate((PtNDArray) parameters.values(), (PtNDArray) gradient, (PtNDArray) m, (PtNDArray) v,
                learningRate, (float) (learningRate * root2 / correction1), 0f, 1f, -1f, beta1, beta2,
                (float) (eps * root2), false);
    }

    public NDArray firstMoment() {
        return m;
    }

    public NDArray secondMoment() {
        return v;
    }

    /** Updates taken so far (t). */
    public long steps() {
        return steps;
    }

    /** Restores a saved state: moments copied in place on the device, then the counter. */
    public void restore(NDArray firstMoment, NDArray secondMoment, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("Adam step count must be >= 0, got " + steps);
        }
        m.set(new NDIndex("..."), firstMoment);
        v.set(new NDIndex("..."), secondMoment);
        this.steps = steps;
    }

    public float learningRate() {
        return learningRate;
    }
}
