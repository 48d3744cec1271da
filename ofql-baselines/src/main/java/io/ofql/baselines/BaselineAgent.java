package io.ofql.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.Checkpoints;
import io.ofql.agent.TwinCritic;
import io.ofql.data.Batch;
import io.ofql.nn.Adam;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.GradClip;
import io.ofql.nn.ParameterBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What every baseline agent holds besides its policy's maths: the context (sizes, seeds, device), a
 * long-lived manager that owns all parameters and optimiser moments, the shared twin critics
 * ({@link TwinCritic}, S seeds x 2 heads), the actor's one (S, P) parameter buffer with its Adam,
 * and checkpointing of all of them (plus any extra arrays a subclass names, e.g. an EMA actor).
 */
public abstract class BaselineAgent implements Agent {
    protected final AgentContext context;
    protected final NDManager manager;
    protected final TwinCritic critic;
    protected final ParameterBuffer actor;
    private final Adam actorAdam;

    /**
     * @param hidden width of the critics' hidden layers
     * @param layers number of hidden layers
     * @param layerNorm LayerNorm in the critics (CPQL)
     * @param initialActor the actor's fresh (S, P) parameters, created in the given (the agent's) manager
     */
    protected BaselineAgent(AgentContext context, int hidden, int layers, boolean layerNorm, double criticLr,
            Function<NDManager, NDArray> initialActor, double actorLr) {
        this.context = context;
        manager = NDManager.newBaseManager(context.device());
        critic = new TwinCritic(manager, context.observationDim(), context.actionDim(), widths(hidden, layers),
                layerNorm, context.seeds(), (float) criticLr);
        actor = new ParameterBuffer(initialActor.apply(manager));
        actorAdam = new Adam(actor, (float) actorLr);
    }

    /**
     * The actor's optimiser step from the gradient its loss left on the buffer: clipped to
     * {@code gradNorm} per seed (0: no clipping), then one Adam update.
     *
     * @return the pre-clip gradient norm per seed, (S)
     */
    protected NDArray stepActor(double gradNorm, NDManager m) {
        NDArray gradient = actor.gradient(m);
        NDArray norms = GradClip.clipByGlobalNorm(gradient, members(), (float) gradNorm);
        actorAdam.step(gradient);
        return norms;
    }

    /** Arrays besides actor, Adam moments and critics that a checkpoint must hold, by name. */
    protected Map<String, NDArray> extraState() {
        return Map.of();
    }

    public ParameterBuffer actor() {
        return actor;
    }

    @Override
    public void save(Path dir) throws IOException {
        Checkpoints.State state = ActorParts.newState(algorithm());
        state.putTrainable("actor", actor, actorAdam);
        extraState().forEach(state::put);
        critic.save(state, "critic");
        Checkpoints.write(dir, state);
    }

    @Override
    public void load(Path dir) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            Checkpoints.State state = ActorParts.readState(dir, scratch, algorithm());
            state.restoreTrainable("actor", actor, actorAdam);
            extraState().forEach(state::restore);
            critic.load(state, "critic");
        }
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
