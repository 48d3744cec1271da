package io.ofql.agent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ofql.nn.Adam;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.GradClip;
import io.ofql.nn.Scalars;
import io.ofql.nn.ParameterBuffer;
import io.ofql.nn.Seeding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Twin Q networks with target copies for S independent seeds, as one ensemble of (S, 2) members
 * (the clipped double-Q critic of TD3 as DQL uses it; OFQL Eq. 17).
 *
 * <pre>
 *   Q_i(s, a) = MLP_i([s, a]),  i = 1, 2                        q(): (S, 2, B, 1)
 *   y = r + gamma notDone agg_i max_k Q'_i(s', a'_k)             K = 1: no max (plain backup)
 *                                                               agg = min (default) or mean ({@link HeadAggregation})
 *   L = sum_i mean_B (Q_i(s, a) - y)^2                          per seed, (S)
 *   phi' = tau phi + (1 - tau) phi'                             every step
 * </pre>
 *
 * <p>The max over K next actions per head, then the min over heads, is DQL's max-Q backup
 * (AntMaze); FQL's code averages the heads instead of taking their min ({@code q_agg}). Both heads of a seed share one gradient-norm group, as DQL clips its one critic
 * module. Baselines reuse this class unchanged; what differs is how they produce {@code a'}.
 *
 * <p>The target and the online parameters as a constant (the actor's Q term) are read through
 * layer views made once: both buffers change only in place, so the views stay valid, and a step
 * saves their split and reshapes.
 */
public final class TwinCritic {
    /** Salt that separates critic initialisation streams from other networks of a seed. */
    private static final long INIT_SALT = 0x43524954L;

    private final EnsembleMlp network;
    private final ParameterBuffer online;
    private final NDArray target;
    private final Adam adam;
    private final int seeds;
    private final EnsembleMlp.Layers targetLayers;
    private final EnsembleMlp.Layers constantLayers;

    /**
     * @param manager long-lived manager (the agent's) that owns the parameters and moments
     * @param seeds one seed per member; head i of seed s is initialised from (seeds[s], i)
     */
    public TwinCritic(NDManager manager, int observationDim, int actionDim, int[] hidden, boolean layerNorm,
            long[] seeds, float learningRate) {
        this.seeds = seeds.length;
        network = EnsembleMlp.builder()
                .setMembers(new Shape(seeds.length, 2))
                .setInput(observationDim + actionDim)
                .setHidden(hidden)
                .setOutput(1)
                .optLayerNorm(layerNorm)
                .build();
        long[] memberSeeds = new long[seeds.length * 2];
        for (int s = 0; s < seeds.length; s++) {
            for (int head = 0; head < 2; head++) {
                memberSeeds[2 * s + head] = Seeding.mix(seeds[s] ^ INIT_SALT, head);
            }
        }
        online = new ParameterBuffer(network.initialize(manager, memberSeeds));
        target = online.values().duplicate();
        adam = new Adam(online, learningRate);
        targetLayers = network.layers(target, manager);
        constantLayers = network.layers(online.detached(manager), manager);
    }

    public EnsembleMlp network() {
        return network;
    }

    public ParameterBuffer online() {
        return online;
    }

    public NDArray target() {
        return target;
    }

    public Adam optimiser() {
        return adam;
    }

    /** Q of both heads under the given parameters: obs (S, B, o), act (S, B, a) to (S, 2, B, 1). */
    public NDArray q(NDArray params, NDArray observations, NDArray actions) {
        return network.forward(params, observations.concat(actions, -1).expandDims(1));
    }

    private NDArray q(EnsembleMlp.Layers layers, NDArray observations, NDArray actions) {
        return network.forward(layers, observations.concat(actions, -1).expandDims(1));
    }

    /**
     * Q of both heads of the online critic with its parameters held constant, (S, 2, B, 1): the
     * actor's Q term, whose gradient reaches the actions and never the critic.
     */
    public NDArray constantQ(NDArray observations, NDArray actions) {
        return q(constantLayers, observations, actions);
    }

    /** min over heads of the target critics: (S, B, 1); no gradient. */
    public NDArray targetMinQ(NDArray observations, NDArray actions) {
        return q(targetLayers, observations, actions).min(new int[] {1});
    }

    /**
     * The TD target y (S, B, 1) with the heads' min, a constant. {@code nextObservations} and
     * {@code nextActions} hold K blocks of the batch, (S, K B, ·), as {@link #repeatBlocks} lays them out.
     */
    public NDArray backupTarget(NDArray rewards, NDArray notDone, float gamma, NDArray nextObservations,
            NDArray nextActions, int k) {
        return backupTarget(rewards, notDone, gamma, nextObservations, nextActions, k, HeadAggregation.MIN);
    }

    /** {@link #backupTarget(NDArray, NDArray, float, NDArray, NDArray, int)} with the heads combined by {@code heads}. */
    public NDArray backupTarget(NDArray rewards, NDArray notDone, float gamma, NDArray nextObservations,
            NDArray nextActions, int k, HeadAggregation heads) {
        NDArray q = q(targetLayers, nextObservations, nextActions);
        Shape shape = q.getShape();
        NDArray best = q.reshape(shape.get(0), 2, k, shape.get(2) / k, 1).max(new int[] {2});
        NDArray next = heads.reduce(best, 1);
        return rewards.add(Scalars.times(notDone.mul(next), gamma)).stopGradient();
    }

    /**
     * One Adam step on the critic loss against the constant target {@code y} (S, B, 1), with the
     * gradient clipped per seed to {@code maxGradNorm} (no clipping when <= 0).
     *
     * @return {@code critic_loss} and {@code q_mean} (mean of both heads' Q(s, a)), each (S)
     */
    public Map<String, NDArray> update(NDArray observations, NDArray actions, NDArray y, float maxGradNorm,
            NDManager stepManager) {
        online.zeroGradient();
        NDArray loss;
        NDArray q;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            q = q(online.values(), observations, actions);
            // DJL's mean takes one axis; sum over (B, 1) and divide instead.
            loss = Scalars.dividedBy(q.sub(y.expandDims(1)).square().sum(new int[] {1, 2, 3}), q.getShape().get(2));
            collector.backward(loss.sum());
        }
        NDArray gradient = online.gradient(stepManager);
        GradClip.clipByGlobalNorm(gradient, seeds, maxGradNorm);
        adam.step(gradient);
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put("critic_loss", loss.stopGradient());
        metrics.put("q_mean", Scalars.dividedBy(q.stopGradient().sum(new int[] {1, 2, 3}), 2 * q.getShape().get(2)));
        return metrics;
    }

    /** Soft target update phi' = tau phi + (1 - tau) phi', in place. */
    public void softUpdate(float tau) {
        Ema.blend(target, online.values(), 1 - tau);
    }

    /** Saves online, target and optimiser state under {@code prefix}. */
    public void save(Checkpoints.State state, String prefix) {
        state.putTrainable(prefix, online, adam);
        state.put(prefix + ".target", target);
    }

    /** Restores what {@link #save} wrote. */
    public void load(Checkpoints.State state, String prefix) {
        state.restoreTrainable(prefix, online, adam);
        state.restore(prefix + ".target", target);
    }

    /**
     * x (S, B, d) to (S, K B, d): K consecutive copies of the batch, the layout of the max-Q backup
     * and of candidate selection (block k holds every state once).
     */
    public static NDArray repeatBlocks(NDArray x, int k) {
        Shape shape = x.getShape();
        if (k == 1) {
            return x;
        }
        return x.expandDims(1).broadcast(shape.get(0), k, shape.get(1), shape.get(2))
                .reshape(shape.get(0), k * shape.get(1), shape.get(2));
    }
}
