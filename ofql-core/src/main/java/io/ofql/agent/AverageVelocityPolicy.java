package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.nn.Dual;
import io.ofql.nn.EnsembleMlp;
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
    private final int actionDim;
    private final int observationDim;

    public AverageVelocityPolicy(int members, int observationDim, int actionDim, int hidden, int layers,
            int embeddingSize) {
        this.actionDim = actionDim;
        this.observationDim = observationDim;
        embedding = new SinusoidalEmbedding(embeddingSize);
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

    /** u_theta(a_t, r, t; s): a_t (S, B, A), s (S, B, O), t and r (S, B, 1); result (S, B, A). */
    public NDArray velocity(NDArray params, NDArray at, NDArray s, NDArray t, NDArray r) {
        return network.forward(params, at.concat(s, -1).concat(embedding.embed(t), -1).concat(embedding.embed(r), -1));
    }

    /** u_theta and its JVP along (da_t, dr, dt) = (v, 0, 1), both (S, B, A). */
    public Dual velocityTangent(NDArray params, NDArray at, NDArray s, NDArray t, NDArray r, NDArray v) {
        Dual embT = embedding.embedTangent(t, t.onesLike());
        NDArray embR = embedding.embed(r);
        NDArray x = at.concat(s, -1).concat(embT.value(), -1).concat(embR, -1);
        NDArray dx = v.concat(s.zerosLike(), -1).concat(embT.tangent(), -1).concat(embR.zerosLike(), -1);
        return network.forwardTangent(params, x, dx);
    }

    /**
     * The one-step action clip(eps - u(eps, 0, 1; s), -1, 1) for noise eps (S, N, A) and states s
     * (S, N, O); differentiable in the parameters where the action is inside the bounds.
     */
    public NDArray oneStep(NDArray params, NDArray s, NDArray eps) {
        NDManager manager = eps.getManager();
        Shape times = new Shape(eps.getShape().get(0), eps.getShape().get(1), 1);
        NDArray u = velocity(params, eps, s, manager.ones(times, eps.getDataType()), manager.zeros(times, eps.getDataType()));
        return eps.sub(u).clip(-1f, 1f);
    }

    public int actionDim() {
        return actionDim;
    }

    public int observationDim() {
        return observationDim;
    }
}
