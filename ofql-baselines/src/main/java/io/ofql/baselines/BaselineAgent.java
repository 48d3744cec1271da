package io.ofql.baselines;

import ai.djl.ndarray.NDManager;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.TwinCritic;
import java.util.Arrays;

/**
 * What every baseline agent holds besides its policy: the context (sizes, seeds, device), a
 * long-lived manager that owns all parameters and optimiser moments, and the shared twin critics
 * ({@link TwinCritic}, S seeds x 2 heads).
 */
public abstract class BaselineAgent implements Agent {
    protected final AgentContext context;
    protected final NDManager manager;
    protected final TwinCritic critic;

    /**
     * @param hidden width of the critics' hidden layers
     * @param layers number of hidden layers
     * @param layerNorm LayerNorm in the critics (CPQL)
     */
    protected BaselineAgent(AgentContext context, int hidden, int layers, boolean layerNorm, double criticLr) {
        this.context = context;
        manager = NDManager.newBaseManager(context.device());
        critic = new TwinCritic(manager, context.observationDim(), context.actionDim(), widths(hidden, layers),
                layerNorm, context.seeds(), (float) criticLr);
    }

    /** {@code layers} hidden layers of width {@code hidden}. */
    public static int[] widths(int hidden, int layers) {
        int[] widths = new int[layers];
        Arrays.fill(widths, hidden);
        return widths;
    }

    public TwinCritic critic() {
        return critic;
    }

    @Override
    public int members() {
        return context.members();
    }

    @Override
    public int observationDim() {
        return context.observationDim();
    }

    @Override
    public int actionDim() {
        return context.actionDim();
    }

    @Override
    public void close() {
        manager.close();
    }
}
