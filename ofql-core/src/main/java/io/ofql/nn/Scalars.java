package io.ofql.nn;

import ai.djl.ndarray.NDArray;

/**
 * Multiplication by a host constant that is safe under autograd on the CPU.
 *
 * <p>DJL's {@code x.mul(Number)} (and {@code div}, {@code pow}) wraps the number in a 0-d array
 * made with {@code torch::from_blob} over a Java direct buffer and closes that array as soon as
 * the op returns. On the CPU the tensor does not own its memory, but the autograd graph keeps the
 * factor for the backward pass ({@code d(x c)/dx = c}); once the buffer is released, the backward
 * pass reads freed memory and the gradient is garbage or NaN, at random (it depends on the garbage
 * collector). Here the constant lives in {@code x}'s manager, so it outlives the step's backward
 * pass and is released with the step.
 */
public final class Scalars {
    private Scalars() {}

    /** x * c, differentiable in x. */
    public static NDArray times(NDArray x, double c) {
        return x.mul(x.getManager().create((float) c).toType(x.getDataType(), false));
    }

    /** x / c, differentiable in x. */
    public static NDArray dividedBy(NDArray x, double c) {
        return times(x, 1.0 / c);
    }
}
