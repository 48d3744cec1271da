package io.ofql.experiments.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.Agent;
import io.ofql.data.ObservationNormalizer;
import io.ofql.env.BatchPolicy;

/**
 * One ensemble member of an agent as the simulator sees it: raw observations are normalised with
 * the dataset's statistics, the agent acts for every member on them (one batched call; the
 * ensemble is a single model), and the chosen member's actions come back to the host.
 *
 * <p>Shapes: host {@code n x obsDim} in, device (S, n, obsDim) to {@link Agent#act}, (S, n,
 * actDim) out, row {@code member} returned as {@code n x actDim}.
 */
public final class AgentPolicy implements BatchPolicy {
    private final Agent agent;
    private final int member;
    private final ObservationNormalizer normalizer;
    private final boolean selectByQ;
    private final NDManager manager;

    /**
     * @param manager a long-lived manager on the agent's device; each call works in a sub-manager
     * @param selectByQ pick among candidates by softmax(Q * temperature) (the evaluation protocol)
     */
    public AgentPolicy(Agent agent, int member, ObservationNormalizer normalizer, boolean selectByQ, NDManager manager) {
        if (member < 0 || member >= agent.members()) {
            throw new IllegalArgumentException("member " + member + " of an ensemble of " + agent.members());
        }
        this.agent = agent;
        this.member = member;
        this.normalizer = normalizer;
        this.selectByQ = selectByQ;
        this.manager = manager;
    }

    @Override
    public int observationDim() {
        return agent.observationDim();
    }

    @Override
    public int actionDim() {
        return agent.actionDim();
    }

    @Override
    public float[] act(float[] observations, int n) {
        int d = agent.observationDim();
        int s = agent.members();
        float[] normalised = normalizer.apply(observations);
        float[] tiled = new float[s * n * d];
        for (int m = 0; m < s; m++) {
            System.arraycopy(normalised, 0, tiled, m * n * d, n * d);
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray obs = call.create(tiled, new Shape(s, n, d));
            NDArray actions = agent.act(obs, selectByQ, call);
            return actions.get(member).toFloatArray();
        }
    }

    @Override
    public String toString() {
        return agent.algorithm() + " member " + member + (selectByQ ? " (select by Q)" : " (one-step)");
    }
}
