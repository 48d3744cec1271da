package io.ofql.nn;

import ai.djl.ndarray.NDArray;

/**
 * Mish activation (Misra 2019), mish(x) = x tanh(softplus(x)), and its derivative for tangent
 * propagation.
 *
 * <p>mish'(x) = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2) with sp = softplus(x), because
 * d softplus(x)/dx = sigmoid(x). Every result belongs to the manager of {@code x}.
 */
public final class Mish {
    private Mish() {}

    /**
     * mish(x), element-wise. The two temporaries are released at once: the result is all a caller
     * sees, and autograd keeps its own reference to whatever its backward pass needs.
     */
    public static NDArray apply(NDArray x) {
        NDArray softPlus = x.getNDArrayInternal().softPlus();
        NDArray tanh = softPlus.tanh();
        softPlus.close();
        NDArray value = x.mul(tanh);
        tanh.close();
        return value;
    }

    /** The value mish(h) and its tangent mish'(h) * dh, sharing the softplus. */
    public static Dual applyTangent(NDArray h, NDArray dh) {
        NDArray tsp = h.getNDArrayInternal().softPlus().tanh();
        NDArray value = h.mul(tsp);
        NDArray slope = h.getNDArrayInternal().sigmoid().mul(h).mul(Scalars.oneMinus(tsp.square())).add(tsp);
        return new Dual(value, slope.mul(dh));
    }
}
