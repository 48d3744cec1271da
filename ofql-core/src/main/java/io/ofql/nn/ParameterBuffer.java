package io.ofql.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * One network's parameters as a single trainable (E, P) array (see {@link EnsembleMlp}).
 *
 * <p>Gradients of every layer accumulate into the one gradient of this array, so zeroing,
 * clipping and the optimiser step are each one fused operation per network. DJL never zeroes
 * gradients by itself ({@code GradientCollector} leaves them to accumulate), so every backward
 * pass that reaches this buffer must be preceded by {@link #zeroGradient()}.
 */
public final class ParameterBuffer {
    private final NDArray values;

    /** Takes ownership of {@code values} (its manager keeps it) and marks it trainable. */
    public ParameterBuffer(NDArray values) {
        this.values = values;
        values.setRequiresGradient(true);
    }

    /** The live (E, P) array; in-place changes outside a gradient collector update the network. */
    public NDArray values() {
        return values;
    }

    /** The values without gradient tracking, attached to {@code manager}: for constant uses. */
    public NDArray detached(NDManager manager) {
        NDArray detached = values.stopGradient();
        detached.attach(manager);
        return detached;
    }

    /**
     * The accumulated gradient (shares storage with the engine's gradient, so in-place changes
     * act on it). The handle is attached to {@code manager}; closing it frees only the handle.
     */
    public NDArray gradient(NDManager manager) {
        NDArray gradient = values.getGradient();
        gradient.attach(manager);
        return gradient;
    }

    /** Zeroes the gradient in place (a no-op before the first backward pass). */
    public void zeroGradient() {
        // The engine's own zero_(): one call, no temporary, no wrapper to release.
        JniUtils.zeroGrad((PtNDArray) values);
    }

    /** Overwrites the values in place, on the device, from {@code source} of the same shape. */
    public void copyFrom(NDArray source) {
        values.set(new NDIndex("..."), source);
    }
}
