package io.ofql.agent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.ofql.nn.GradClip;
import io.ofql.nn.ParameterBuffer;
import io.ofql.nn.Scalars;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The actor's gradient of {@code L = L_bc + eta q_loss} (every algorithm here has this form),
 * taken in two backward passes into the same buffer so that each part's size is known:
 *
 * <pre>
 *   g_bc = grad L_bc                     first pass (the buffer is zeroed before it)
 *   g    = g_bc + grad (eta q_loss)      second pass accumulates
 *   bc_grad_norm = ||g_bc||,  q_grad_norm = ||g - g_bc||     per seed, shapes (S)
 *   bc_grad_signal, q_grad_signal: the norms of their running averages (GradientSignal)
 * </pre>
 *
 * <p>The two parts of these losses share no forward computation (the BC loss is evaluated on
 * noised data actions, the Q term on fresh samples), so two passes cost one copy of the gradient
 * and two norms, while the ratio q_grad_norm / bc_grad_norm says how strongly Q-learning moves the
 * policy against behaviour cloning: the quantity that eta is meant to set. Each supplier builds
 * its loss inside an open gradient collector (parameter views must be made there too).
 */
public final class ActorBackward {
    private ActorBackward() {}

    /** The two parts' gradient norms per seed, (S) each, with the losses they came from. */
    public record Parts(NDArray bcLoss, NDArray qLoss, NDArray bcGradNorm, NDArray qGradNorm, NDArray bcGradSignal,
            NDArray qGradSignal) {
        /** Puts the six metrics under their train.csv names. */
        public void putInto(Map<String, NDArray> metrics) {
            metrics.put("bc_loss", bcLoss);
            metrics.put("q_loss", qLoss);
            metrics.put("bc_grad_norm", bcGradNorm);
            metrics.put("q_grad_norm", qGradNorm);
            metrics.put("bc_grad_signal", bcGradSignal);
            metrics.put("q_grad_signal", qGradSignal);
        }
    }

    /**
     * Zeroes the gradient of {@code params}, back-propagates {@code bcLoss} then {@code eta qLoss},
     * and leaves their sum on the buffer for the optimiser.
     *
     * @param bcLoss builds the per-seed BC objective (S) inside a collector (what is optimised,
     *     e.g. an adaptively weighted fit)
     * @param qLoss builds the per-seed normalised Q term (S) inside a collector
     * @param signal the running averages of the two parts, updated here
     * @param seeds the number of seeds S (one norm per seed)
     */
    public static Parts run(ParameterBuffer params, Supplier<NDArray> bcLoss, Supplier<NDArray> qLoss, double eta,
            GradientSignal signal, int seeds, NDManager m) {
        params.zeroGradient();
        NDArray bc;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            bc = bcLoss.get();
            collector.backward(bc.sum());
        }
        NDArray bcGradient = params.gradient(m).duplicate();
        NDArray q;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            q = qLoss.get();
            collector.backward(Scalars.times(q, eta).sum());
        }
        NDArray qGradient = params.gradient(m).sub(bcGradient);
        NDArray[] signals = signal.update(bcGradient, qGradient, seeds, m);
        return new Parts(bc.stopGradient(), q.stopGradient(), GradClip.norms(bcGradient, seeds),
                GradClip.norms(qGradient, seeds), signals[0], signals[1]);
    }
}
