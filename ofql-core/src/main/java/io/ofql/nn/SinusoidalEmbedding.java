package io.ofql.nn;

import ai.djl.ndarray.NDArray;

/**
 * Sinusoidal embedding of a scalar time, as in DQL's and the diffusion literature's
 * {@code SinusoidalPosEmb}: for size {@code 2h},
 *
 * <pre>
 *   f_i = exp(-log(10000) * i / (h - 1)),  i = 0..h-1
 *   emb(t) = [sin(t f_0), ..., sin(t f_{h-1}), cos(t f_0), ..., cos(t f_{h-1})]
 *   d emb / dt = [f_i cos(t f_i) ..., -f_i sin(t f_i) ...]
 * </pre>
 *
 * <p>Shapes: t (..., 1) gives (..., 2h). The time is used as given (no rescaling of [0, 1]).
 * Results belong to the manager of {@code t}.
 */
public final class SinusoidalEmbedding {
    private final int size;
    private final float[] frequencies;

    /** @param size the embedding size, even and at least 4 */
    public SinusoidalEmbedding(int size) {
        if (size < 4 || size % 2 != 0) {
            throw new IllegalArgumentException("embedding size must be even and >= 4, got " + size);
        }
        this.size = size;
        int half = size / 2;
        frequencies = new float[half];
        double step = Math.log(10000.0) / (half - 1);
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-step * i);
        }
    }

    /** emb(t) for one time, computed on the host (float32 phases, as on the device). */
    public float[] at(double t) {
        int half = frequencies.length;
        float[] e = new float[2 * half];
        for (int i = 0; i < half; i++) {
            float phase = (float) t * frequencies[i];
            e[i] = (float) Math.sin(phase);
            e[half + i] = (float) Math.cos(phase);
        }
        return e;
    }

    public int size() {
        return size;
    }

    /** emb(t) for t of shape (..., 1); the temporaries are released at once. */
    public NDArray embed(NDArray t) {
        NDArray phase = t.mul(frequencies(t));
        NDArray sin = phase.sin();
        NDArray cos = phase.cos();
        phase.close();
        NDArray value = sin.concat(cos, -1);
        sin.close();
        cos.close();
        return value;
    }

    /** emb(t) and its derivative along dt (same shape as t). */
    public Dual embedTangent(NDArray t, NDArray dt) {
        NDArray f = frequencies(t);
        NDArray phase = t.mul(f);
        NDArray sin = phase.sin();
        NDArray cos = phase.cos();
        NDArray value = sin.concat(cos, -1);
        NDArray rate = dt.mul(f);
        NDArray tangent = cos.mul(rate).concat(sin.mul(rate).neg(), -1);
        return new Dual(value, tangent);
    }

    private NDArray frequencies(NDArray like) {
        // Copied to the device once, not on every call (see Constants).
        return Constants.table(frequencies, like.getDevice(), like.getDataType());
    }
}
