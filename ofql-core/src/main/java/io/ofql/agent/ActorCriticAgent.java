package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ofql.InputException;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Common;
import io.ofql.data.Batch;
import io.ofql.nn.Adam;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.GradClip;
import io.ofql.nn.ParameterBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What every agent holds besides its policy's maths, for S seeds trained as one ensemble: the
 * config and context, a long-lived manager that owns all parameters and optimiser moments, the
 * shared twin critics ({@link TwinCritic}, S seeds x 2 heads; absent when an algorithm switches
 * them off), the actor's one (S, P) parameter buffer with its Adam, and checkpoints of all of them
 * plus any arrays a subclass names (an EMA actor, say).
 *
 * <p>The shared steps, per seed (shapes (S, B, ·)):
 *
 * <pre>
 *   critic:  y = r + discount notDone min_i max_K Q'_i(s', a'),  a' from the subclass's target policy
 *            phi = Adam(phi, clip_gradNorm(grad sum_i mean (Q_i(s, a) - y)^2))
 *   actor:   theta = Adam(theta, clip_gradNorm(gradient the subclass's loss left on the buffer))
 * </pre>
 *
 * <p>Checkpoints hold the algorithm's name, a shape key (members, sizes; refused on mismatch), the
 * actor as {@code <actorName>} with its Adam moments, the subclass's {@link #extraState()} and
 * the critics under {@code critic}.
 *
 * @param <C> the algorithm's config
 */
public abstract class ActorCriticAgent<C extends AlgorithmConfig> implements Agent {
    private static final String ALGORITHM_KEY = "algorithm";
    private static final String SHAPE_KEY = "shape";

    protected final C config;
    protected final Common common;
    protected final AgentContext context;
    protected final NDManager manager;
    /** The twin critics with their targets, or null when the algorithm has none. */
    protected final TwinCritic critic;
    protected final ParameterBuffer actor;
    /** Running averages of the actor gradient's BC and Q parts (a diagnostic, see ActorBackward). */
    protected final GradientSignal actorSignal;
    private final Adam actorAdam;
    private final String actorName;

    /**
     * @param actorName the name of the actor's arrays in checkpoints ({@code actor}; OFQL's {@code policy})
     * @param withCritic whether the agent has the shared twin critics (hidden x layers, criticLr)
     * @param criticLayerNorm LayerNorm in the critics (CPQL)
     * @param initialActor the actor's fresh (S, P) parameters, created in the given (the agent's) manager
     */
    protected ActorCriticAgent(C config, AgentContext context, String actorName, boolean withCritic,
            boolean criticLayerNorm, Function<NDManager, NDArray> initialActor) {
        this.config = config;
        this.common = config.common();
        this.context = context;
        this.actorName = actorName;
        manager = NDManager.newBaseManager(context.device());
        critic = withCritic ? new TwinCritic(manager, context.observationDim(), context.actionDim(), common.widths(),
                criticLayerNorm, context.seeds(), (float) common.criticLr()) : null;
        actor = new ParameterBuffer(initialActor.apply(manager));
        actorAdam = new Adam(actor, (float) common.actorLr());
        actorSignal = new GradientSignal(manager, actor.values());
    }

    /**
     * The actor's optimiser step from the gradient its loss left on the buffer: clipped to
     * {@code gradNorm} per seed (0: no clipping), then one Adam update.
     *
     * @return the pre-clip gradient norm per seed, (S)
     */
    protected NDArray stepActor(NDManager m) {
        NDArray gradient = actor.gradient(m);
        NDArray norms = GradClip.clipByGlobalNorm(gradient, members(), (float) common.gradNorm());
        actorAdam.step(gradient);
        return norms;
    }

    /**
     * The critic step: the TD target from {@code nextActions} at s' (K copies of each next state
     * with the max-Q backup, K = 1 without), then one clipped Adam step of the twin critics. Called
     * outside any gradient collector, so the next actions carry no graph.
     *
     * @param nextActions the algorithm's target policy, observations (S, K B, obs) to actions
     * @return the critics' metrics, in a map the caller may extend
     */
    protected Map<String, NDArray> updateCritic(Batch batch, UnaryOperator<NDArray> nextActions, NDManager m) {
        int k = common.backupSamples();
        NDArray nextObs = TwinCritic.repeatBlocks(batch.nextObservations(), k);
        NDArray y = critic().backupTarget(batch.rewards(), batch.notDone(), (float) common.discount(), nextObs,
                nextActions.apply(nextObs), k);
        return new LinkedHashMap<>(critic.update(batch.observations(), batch.actions(), y, (float) common.gradNorm(), m));
    }

    /**
     * The weight of Q' in the softmax of selection by Q: the temperature times the data's
     * {@link AgentContext#qScale()} factor.
     */
    protected float selectionWeight() {
        return (float) common.selection().weight(context.qScale());
    }

    /** Arrays besides actor, Adam moments and critics that a checkpoint must hold, by name. */
    protected Map<String, NDArray> extraState() {
        return Map.of();
    }

    /** What must match for a checkpoint to load: members and sizes (a subclass may add its own). */
    protected String shapeKey() {
        return "members=" + members() + " obs=" + observationDim() + " act=" + actionDim();
    }

    @Override
    public void save(Path dir) throws IOException {
        Checkpoints.State state = new Checkpoints.State();
        state.putString(ALGORITHM_KEY, algorithm());
        state.putString(SHAPE_KEY, shapeKey());
        state.putString("config", config.toString());
        state.putTrainable(actorName, actor, actorAdam);
        actorSignal.save(state, actorName + ".signal");
        extraState().forEach(state::put);
        if (critic != null) {
            critic.save(state, "critic");
        }
        Checkpoints.write(dir, state);
    }

    /**
     * Restores what {@link #save} wrote. A checkpoint of another algorithm or shape is refused in
     * one line; checkpoints written before the shape key existed load when their arrays fit.
     */
    @Override
    public void load(Path dir) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            Checkpoints.State state = Checkpoints.read(dir, scratch);
            String written = state.getString(ALGORITHM_KEY);
            if (!algorithm().equals(written)) {
                throw new InputException("checkpoint " + dir + " holds a '" + written + "' agent, not '" + algorithm() + "'");
            }
            String shape = state.has(SHAPE_KEY) ? state.getString(SHAPE_KEY) : shapeKey();
            if (!shape.equals(shapeKey())) {
                throw new InputException("checkpoint " + dir + " holds " + written + " " + shape + ", expected "
                        + algorithm() + " " + shapeKey());
            }
            state.restoreTrainable(actorName, actor, actorAdam);
            actorSignal.load(state, actorName + ".signal");
            extraState().forEach(state::restore);
            if (critic != null) {
                critic.load(state, "critic");
            }
        }
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

    @Override
    public C config() {
        return config;
    }

    /** The actor's live (S, P) parameters with their gradient. */
    public ParameterBuffer actor() {
        return actor;
    }

    /**
     * The twin critics with their targets.
     *
     * @throws IllegalStateException when the algorithm has switched them off
     */
    public TwinCritic critic() {
        if (critic == null) {
            throw new IllegalStateException(algorithm() + " trains no critic");
        }
        return critic;
    }

    /** The manager holding every long-lived array (parameters, moments, targets). */
    public NDManager manager() {
        return manager;
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
