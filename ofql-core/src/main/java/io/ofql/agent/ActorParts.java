package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * The pieces agents share around their own policy when acting: a gradient-free view of a
 * parameter buffer, and the evaluation protocol (candidates scored by the target critics, one
 * drawn by softmax(Q * weight) with {@link CandidateSelector}).
 */
public final class ActorParts {
    private ActorParts() {}

    /**
     * A view of {@code params} without gradient tracking, owned by {@code m} (the storage is shared):
     * one native call, where an indexing view ({@code get(m, "...")}) takes four.
     */
    public static NDArray constant(NDArray params, NDManager m) {
        NDArray view = params.stopGradient();
        view.attach(m);
        return view;
    }

    /**
     * Actions for observations (S, N, obs), computed in {@code m}: the policy's own action, or with
     * {@code selectByQ} one of {@code k} candidates per state drawn by softmax(Q' * weight).
     *
     * @param policy maps observations (S, n, obs) owned by {@code m} to actions (S, n, act)
     */
    public static NDArray act(NDArray observations, NDManager m, boolean selectByQ, int k, float weight,
            TwinCritic critic, UnaryOperator<NDArray> policy) {
        // A view owned by m, so that every result of the pass (first operand rule) is freed with m.
        NDArray obs = constant(observations, m);
        if (!selectByQ) {
            return policy.apply(obs);
        }
        NDArray repeated = TwinCritic.repeatBlocks(obs, k);
        NDArray candidates = policy.apply(repeated);
        NDArray scores = critic.targetMinQ(repeated, candidates);
        return CandidateSelector.select(candidates, scores, k, weight);
    }
}
