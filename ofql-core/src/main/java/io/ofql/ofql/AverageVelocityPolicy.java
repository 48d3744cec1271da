package io.ofql.ofql;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.nn.Constants;
import io.ofql.nn.Dual;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.Scalars;
import io.ofql.nn.SinusoidalEmbedding;
import java.util.Arrays;

/**
 * OFQL's policy network u_theta(a_t, r, t; s), the average velocity of the flow from noise to
 * actions over [r, t] (Eq. 10), for S members at once.
 *
 * <pre>
 *   x = [a_t, s, emb(t), emb(r)]                         (S, B, A + O + 2 E)
 *   u = MLP(x)                                           hidden layers Mish, linear output A
 *   one-step action (Eq. 12, 16):  a = clip(eps - u(eps, r = 0, t = 1; s), -1, 1)
 *   JVP (Eq. 13): du/dt = d/dh u(a_t + h v, r, t + h; s) at h = 0, the tangent (v, 0, 1)
 * </pre>
 *
 * <p>The embeddings enter the MLP directly (the paper does not mention DQL's small MLP after the
 * time embedding), so the JVP is exact through emb(t) by its closed-form derivative, and r, held
 * fixed, contributes no tangent. Time is not rescaled: t and r stay in [0, 1].
 */
public final class AverageVelocityPolicy {
    private final EnsembleMlp network;
    private final SinusoidalEmbedding embedding;
    private final float[] oneStepTimes;
    private final int actionDim;
    private final int observationDim;

    public AverageVelocityPolicy(int members, int observationDim, int actionDim, int hidden, int layers,
            int embeddingSize) {
        this.actionDim = actionDim;
        this.observationDim = observationDim;
        embedding = new SinusoidalEmbedding(embeddingSize);
        float[] one = embedding.at(1);
        float[] zero = embedding.at(0);
        oneStepTimes = Arrays.copyOf(one, one.length + zero.length);
        System.arraycopy(zero, 0, oneStepTimes, one.length, zero.length);
        int[] widths = new int[layers];
        Arrays.fill(widths, hidden);
        network = EnsembleMlp.builder()
                .setMembers(new Shape(members))
                .setInput(actionDim + observationDim + 2 * embeddingSize)
                .setHidden(widths)
                .setOutput(actionDim)
                .build();
    }

    public EnsembleMlp network() {
        return network;
    }

    /**
     * The network's layers as views of a parameter buffer (S, P), in {@code manager}: made once
     * per step and shared by that step's passes (see {@link EnsembleMlp#layers}).
     */
    public EnsembleMlp.Layers layers(NDArray params, NDManager manager) {
        return network.layers(params, manager);
    }

    /** u_theta(a_t, r, t; s): a_t (S, B, A), s (S, B, O), t and r (S, B, 1); result (S, B, A). */
    public NDArray velocity(EnsembleMlp.Layers layers, NDArray at, NDArray s, NDArray t, NDArray r) {
        return network.forward(layers, NDArrays.concat(new NDList(at, s, embedding.embed(t), embedding.embed(r)), -1));
    }

    /** u_theta and its JVP along (da_t, dr, dt) = (v, 0, 1), both (S, B, A). */
    public Dual velocityTangent(EnsembleMlp.Layers layers, NDArray at, NDArray s, NDArray t, NDArray r, NDArray v) {
        Dual embT = embedding.embedTangent(t, t.onesLike());
        NDArray embR = embedding.embed(r);
        NDArray x = NDArrays.concat(new NDList(at, s, embT.value(), embR), -1);
        NDArray dx = NDArrays.concat(new NDList(v, s.zerosLike(), embT.tangent(), embR.zerosLike()), -1);
        return network.forwardTangent(layers, x, dx);
    }

    /**
     * The one-step action clip(eps - u(eps, 0, 1; s), -1, 1) for noise eps (S, N, A) and states s
     * (S, N, O); differentiable in the parameters where the action is inside the bounds.
     */
    public NDArray oneStep(EnsembleMlp.Layers layers, NDArray s, NDArray eps) {
        return Scalars.clip(oneStepUnclipped(layers, s, eps), -1, 1);
    }

    /**
     * eps - u(eps, 0, 1; s) before the clip to the action box (S, N, A). The times are the same
     * for every sample, so [emb(1), emb(0)] is one shared row, broadcast.
     */
    public NDArray oneStepUnclipped(EnsembleMlp.Layers layers, NDArray s, NDArray eps) {
        Shape shape = eps.getShape();
        // The result of an op on the shared row belongs to the constants' manager: move it to
        // eps's, which frees it with the rest of the pass.
        NDArray times = Constants.table(oneStepTimes, eps.getDevice(), eps.getDataType())
                .broadcast(shape.get(0), shape.get(1), oneStepTimes.length);
        times.attach(eps.getManager());
        NDArray input = NDArrays.concat(new NDList(eps, s, times), -1);
        times.close();
        NDArray u = network.forward(layers, input);
        input.close();
        NDArray unclipped = eps.sub(u);
        u.close();
        return unclipped;
    }

    public int actionDim() {
        return actionDim;
    }

    public int observationDim() {
        return observationDim;
    }
}
