package io.ofql.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.ofql.InputException;
import io.ofql.agent.CandidateSelector;
import io.ofql.agent.Checkpoints;
import io.ofql.agent.TwinCritic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The pieces every baseline agent's acting and checkpointing share around its own policy: a
 * gradient-free view of a parameter buffer, the evaluation protocol (candidates scored by the
 * target critics, one drawn by softmax(Q * temperature) with {@link CandidateSelector}), and a
 * checkpoint state tagged with the algorithm that wrote it.
 */
public final class ActorParts {
    private static final String ALGORITHM_KEY = "algorithm";

    private ActorParts() {}

    /** A view of {@code params} without gradient tracking, owned by {@code m} (the storage is shared). */
    public static NDArray constant(NDArray params, NDManager m) {
        NDArray view = params.stopGradient();
        view.attach(m);
        return view;
    }

    /**
     * Actions for observations (S, N, obs), computed in {@code m}: the policy's own action, or with
     * {@code selectByQ} one of {@code k} candidates per state drawn by softmax(Q' * temperature).
     *
     * @param policy maps observations (S, n, obs) owned by {@code m} to actions (S, n, act)
     */
    public static NDArray act(NDArray observations, NDManager m, boolean selectByQ, int k, float temperature,
            TwinCritic critic, UnaryOperator<NDArray> policy) {
        // A view owned by m, so that every result of the pass (first operand rule) is freed with m.
        NDArray obs = observations.get(m, new NDIndex("..."));
        if (!selectByQ) {
            return policy.apply(obs);
        }
        NDArray repeated = TwinCritic.repeatBlocks(obs, k);
        NDArray candidates = policy.apply(repeated);
        NDArray scores = critic.targetMinQ(repeated, candidates);
        return CandidateSelector.select(candidates, scores, k, temperature);
    }

    /** An empty checkpoint state tagged with {@code algorithm}. */
    public static Checkpoints.State newState(String algorithm) {
        Checkpoints.State state = new Checkpoints.State();
        state.putString(ALGORITHM_KEY, algorithm);
        return state;
    }

    /** Reads a checkpoint and checks that {@code algorithm} wrote it. */
    public static Checkpoints.State readState(Path dir, NDManager manager, String algorithm) throws IOException {
        Checkpoints.State state = Checkpoints.read(dir, manager);
        String written = state.getString(ALGORITHM_KEY);
        if (!algorithm.equals(written)) {
            throw new InputException("checkpoint " + dir + " holds a '" + written + "' agent, not '" + algorithm + "'");
        }
        return state;
    }
}
