package io.ofql.nn;

import ai.djl.ndarray.NDArray;

/**
 * A value and its tangent (directional derivative) carried through a forward pass: the pair a
 * forward-mode Jacobian-vector product propagates. {@code tangent} has the shape of {@code value}.
 *
 * @param value the function's output
 * @param tangent the derivative of the output along the input tangent (the JVP)
 */
public record Dual(NDArray value, NDArray tangent) {}
