package io.ofql.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.SinusoidalEmbedding;
import java.util.Arrays;

/**
 * DQL's denoiser network, shared by DQL (time = diffusion step index) and CPQL (time = 250 log
 * sigma), for S ensemble members at once.
 *
 * <pre>
 *   e   = timeMlp(sinusoid_d(t))          sinusoid(d) -> Linear(d, 2d) -> Mish -> Linear(2d, d)
 *   out = body(concat(x, e, s))           (act + d + obs) -> hidden -> Mish -> ... -> act
 * </pre>
 *
 * Shapes: x (S, B, act), t (S, B, 1), s (S, B, obs), result (S, B, act). The parameters of both
 * parts are one (S, P) buffer, [time MLP | body], so that one optimiser step, one clip and one EMA
 * cover the whole actor. Wang, Hunt and Zhou (2023), official code's {@code MLP} model.
 */
public final class TimeConditionedMlp {
    private final SinusoidalEmbedding embedding;
    private final EnsembleMlp timeMlp;
    private final EnsembleMlp body;
    private final long timeParameters;

    /**
     * @param members S
     * @param observationDim obs
     * @param actionDim act
     * @param timeEmbedding d, the sinusoid's size and the time MLP's output size
     * @param hidden width of each hidden layer of the body
     * @param layers number of hidden layers of the body
     */
    public TimeConditionedMlp(int members, int observationDim, int actionDim, int timeEmbedding, int hidden, int layers) {
        embedding = new SinusoidalEmbedding(timeEmbedding);
        timeMlp = EnsembleMlp.builder().setMembers(new Shape(members)).setInput(timeEmbedding)
                .setHidden(2 * timeEmbedding).setOutput(timeEmbedding).build();
        int[] widths = new int[layers];
        Arrays.fill(widths, hidden);
        body = EnsembleMlp.builder().setMembers(new Shape(members)).setInput(actionDim + timeEmbedding + observationDim)
                .setHidden(widths).setOutput(actionDim).build();
        timeParameters = timeMlp.parametersPerMember();
    }

    /** P, the parameters of one member (time MLP and body). */
    public long parametersPerMember() {
        return timeParameters + body.parametersPerMember();
    }

    /** A fresh (S, P) buffer, each part initialised from its own stream of the member's seed. */
    public NDArray initialize(NDManager manager, long[] memberSeeds) {
        return ActorCriticAgent.initializeFused(manager, memberSeeds, 0x9E3779B97F4A7C15L, 1, timeMlp, body);
    }

    /** The network's output for every member; results belong to the manager of {@code x}. */
    public NDArray forward(NDArray params, NDArray x, NDArray t, NDArray s) {
        return forward(layers(params, x.getManager()), x, t, s);
    }

    /**
     * Both parts' layers as views of the (S, P) buffer, in {@code manager}; a sampler's chain makes
     * them once for all its steps (see {@link EnsembleMlp#layers}).
     */
    public Layers layers(NDArray params, NDManager manager) {
        NDList parts = JniUtils.split((PtNDArray) params, new long[] {timeParameters, body.parametersPerMember()}, 1);
        parts.attach(manager);
        return new Layers(timeMlp.layers(parts.get(0), manager), body.layers(parts.get(1), manager));
    }

    /** {@link #forward(NDArray, NDArray, NDArray, NDArray)} with the layers already made. */
    public NDArray forward(Layers layers, NDArray x, NDArray t, NDArray s) {
        NDArray embedded = embedding.embed(t.toType(x.getDataType(), false));
        NDArray time = timeMlp.forward(layers.time(), embedded);
        embedded.close();
        NDArray input = NDArrays.concat(new NDList(x, time, s), -1);
        time.close();
        NDArray out = body.forward(layers.body(), input);
        input.close();
        return out;
    }

    /**
     * The time MLP's output for K times that every sample of a pass shares, as K pieces of shape
     * (S, 1, d), in {@code manager}: times (K) to pieces k = 0..K-1. A sampler's chain
     * (one time per step) evaluates its times in one pass instead of once per step and sample: for
     * DQL's five steps, about fifty fewer operations per call. Gradients reach the time MLP's
     * parameters through the pieces.
     */
    public NDList timeFeatures(Layers layers, NDArray times, NDManager manager) {
        // The times are often a shared constant table: the view and all that follows belong to the
        // caller's manager, never to the table's, which lives as long as the process.
        NDArray column = times.reshape(1, times.size(), 1);
        column.attach(manager);
        NDArray embedded = embedding.embed(column);
        column.close();
        NDArray features = timeMlp.forward(layers.time(), embedded);
        embedded.close();
        NDList pieces = JniUtils.split((PtNDArray) features, 1, 1);
        pieces.attach(manager);
        features.close();
        return pieces;
    }

    /**
     * The network's output at one time shared by every sample, given as its piece of
     * {@link #timeFeatures} (S or 1, 1, d): the piece is broadcast over the batch, not recomputed.
     */
    public NDArray forwardAt(Layers layers, NDArray x, NDArray timeFeature, NDArray s) {
        Shape shape = x.getShape();
        NDArray time = timeFeature.broadcast(shape.get(0), shape.get(1), timeFeature.getShape().get(2));
        NDArray input = NDArrays.concat(new NDList(x, time, s), -1);
        time.close();
        NDArray out = body.forward(layers.body(), input);
        input.close();
        return out;
    }

    /** The layers of the time MLP and of the body. */
    public record Layers(EnsembleMlp.Layers time, EnsembleMlp.Layers body) {}
}
