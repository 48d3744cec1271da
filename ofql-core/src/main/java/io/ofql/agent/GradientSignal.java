package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.ofql.nn.GradClip;
import io.ofql.nn.Scalars;

/**
 * How much of each part of the actor's gradient is consistent from step to step rather than the
 * noise of one batch: a bias-corrected running average of each part's gradient and its norm,
 *
 * <pre>
 *   m_k    = decay m_(k-1) + (1 - decay) g_k                 (S, P), m_0 = 0
 *   signal = || m_k / (1 - decay^k) ||                       per seed, (S)
 * </pre>
 *
 * <p>The per-batch norm {@code ||g_k||} says how big a part's step is; it does not say where the
 * part pulls on average, because a noisy part's steps mostly cancel. With {@code decay = 0.99}
 * (an average over about 100 steps), a part that is pure noise of per-batch norm n reads about
 * {@code n sqrt((1 - decay) / (1 + decay)) = 0.071 n}, and a constant part reads its own norm. Adam
 * divides each coordinate by the running size of the whole gradient, so a part with a small
 * signal beside a large, noisy one moves the parameters slowly even where its signal is steady.
 *
 * <p>A diagnostic only: nothing else reads it. Checkpoints hold it, so that a resumed run logs what
 * an unbroken one would; one written before it existed restarts it from zero.
 */
public final class GradientSignal {
    /** Weight of the past in the running average: about 100 steps. */
    static final float DECAY = 0.99f;
    private static final NDIndex ALL = new NDIndex("...");

    private final NDArray bc;
    private final NDArray q;
    /**
     * 1 - decay^k on the device, kept by the averages' own recursion with g = 1. The bias
     * correction changes every step, so as a host number it would make a new shared constant per
     * step ({@link io.ofql.nn.Constants} keeps each value for the life of the process).
     */
    private final NDArray weight;
    private long updates;

    /**
     * @param manager the agent's manager, which owns the two running averages
     * @param like an array of the actor's parameter shape (S, P)
     */
    public GradientSignal(NDManager manager, NDArray like) {
        bc = manager.zeros(like.getShape(), like.getDataType());
        q = manager.zeros(like.getShape(), like.getDataType());
        weight = manager.zeros(new Shape(1), like.getDataType());
    }

    /** Writes the averages and their count into {@code state} under {@code prefix}. */
    void save(Checkpoints.State state, String prefix) {
        state.put(prefix + ".bc", bc);
        state.put(prefix + ".q", q);
        state.putLong(prefix + ".updates", updates);
    }

    /** Restores what {@link #save} wrote, or leaves the averages at zero when the checkpoint has none. */
    void load(Checkpoints.State state, String prefix) {
        if (state.has(prefix + ".updates")) {
            state.restore(prefix + ".bc", bc);
            state.restore(prefix + ".q", q);
            updates = state.getLong(prefix + ".updates");
            weight.set(new float[] {(float) (1 - Math.pow(DECAY, updates))});
        }
    }

    /**
     * Adds one step's two gradient parts (S, P) to the averages and returns their signal norms
     * (S) each, attached to {@code m}: {@code [bc, q]}.
     */
    NDArray[] update(NDArray bcGradient, NDArray qGradient, int seeds, NDManager m) {
        updates++;
        Scalars.timesInPlace(bc, DECAY).addi(Scalars.times(bcGradient, 1 - DECAY));
        Scalars.timesInPlace(q, DECAY).addi(Scalars.times(qGradient, 1 - DECAY));
        Scalars.plusInPlace(Scalars.timesInPlace(weight, DECAY), 1 - DECAY);
        // Views owned by m, so that the norms' intermediates are freed with the step.
        NDArray w = weight.get(m, ALL);
        return new NDArray[] {GradClip.norms(bc.get(m, ALL), seeds).div(w), GradClip.norms(q.get(m, ALL), seeds).div(w)};
    }
}
