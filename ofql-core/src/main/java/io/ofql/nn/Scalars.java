package io.ofql.nn;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic between an array and a host number, with the number taken from {@link Constants}
 * (a shared 0-d CPU array) instead of DJL's {@code x.mul(Number)}, which copies the number to
 * {@code x}'s device and, on a GPU, waits for that copy; see {@link Constants} for why. DJL's
 * {@code clip(Number, Number)} makes two such copies, hence {@link #clip}. Every result is
 * differentiable in {@code x} and belongs to {@code x}'s manager.
 */
public final class Scalars {
    private Scalars() {}

    private static NDArray c(NDArray like, double value) {
        return Constants.scalar(value, like.getDataType());
    }

    /** x * c. */
    public static NDArray times(NDArray x, double c) {
        return x.mul(c(x, c));
    }

    /** x / c, as x * (1 / c). */
    public static NDArray dividedBy(NDArray x, double c) {
        return times(x, 1.0 / c);
    }

    /** x + c. */
    public static NDArray plus(NDArray x, double c) {
        return x.add(c(x, c));
    }

    /** 1 - x. */
    public static NDArray oneMinus(NDArray x) {
        return x.neg().add(c(x, 1));
    }

    /** x ^ c. */
    public static NDArray power(NDArray x, double c) {
        return x.pow(c(x, c));
    }

    /** min(x, c), elementwise. */
    public static NDArray atMost(NDArray x, double c) {
        return x.minimum(c(x, c));
    }

    /**
     * min(max(x, lo), hi), elementwise. The gradient is that of clamp except at exact ties with a
     * bound, where it is halved (PyTorch's rule for maximum and minimum).
     */
    public static NDArray clip(NDArray x, double lo, double hi) {
        return x.maximum(c(x, lo)).minimum(c(x, hi));
    }

    /** x < c, elementwise (boolean). */
    public static NDArray below(NDArray x, double c) {
        return x.lt(c(x, c));
    }

    /** x += c in place; returns x. */
    public static NDArray plusInPlace(NDArray x, double c) {
        return x.addi(c(x, c));
    }

    /** x *= c in place; returns x. */
    public static NDArray timesInPlace(NDArray x, double c) {
        return x.muli(c(x, c));
    }
}
