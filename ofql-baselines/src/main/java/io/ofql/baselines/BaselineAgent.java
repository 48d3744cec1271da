package io.ofql.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.TwinCritic;
import io.ofql.data.Batch;
import io.ofql.nn.EnsembleMlp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

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

    /**
     * Several networks' fresh parameters side by side in one (S, P) buffer, [part 0 | part 1 | ...]:
     * part j of member s is initialised from seed {@code seeds[s] * multiplier + offset + j}, its own
     * stream, and the buffer is engine-allocated (a concatenation), owned by {@code manager}.
     */
    public static NDArray initializeFused(NDManager manager, long[] seeds, long multiplier, long offset,
            EnsembleMlp... parts) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray whole = null;
            for (int j = 0; j < parts.length; j++) {
                long[] partSeeds = new long[seeds.length];
                for (int i = 0; i < seeds.length; i++) {
                    partSeeds[i] = seeds[i] * multiplier + offset + j;
                }
                NDArray part = parts[j].initialize(scratch, partSeeds);
                whole = whole == null ? part : whole.concat(part, 1);
            }
            whole.attach(manager);
            return whole;
        }
    }

    /**
     * The critic step every baseline shares: the TD target from {@code nextActions} at s' (K copies
     * of each next state with the max-Q backup, K = 1 without), then one clipped Adam step of the twin
     * critics. Called outside any gradient collector, so the next actions carry no graph.
     *
     * @param nextActions the algorithm's target policy, observations (S, K B, obs) to actions
     * @return the critics' metrics, in a map the caller may extend
     */
    protected Map<String, NDArray> updateCritic(Batch batch, int k, double discount, double gradNorm,
            UnaryOperator<NDArray> nextActions, NDManager m) {
        NDArray nextObs = TwinCritic.repeatBlocks(batch.nextObservations(), k);
        NDArray y = critic.backupTarget(batch.rewards(), batch.notDone(), (float) discount, nextObs,
                nextActions.apply(nextObs), k);
        return new LinkedHashMap<>(critic.update(batch.observations(), batch.actions(), y, (float) gradNorm, m));
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
