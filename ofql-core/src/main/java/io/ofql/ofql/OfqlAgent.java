package io.ofql.ofql;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.ActorBackward;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.agent.ActorParts;
import io.ofql.agent.AgentContext;
import io.ofql.agent.CandidateSelector;
import io.ofql.agent.Ema;
import io.ofql.agent.QTerm;
import io.ofql.agent.TwinCritic;
import io.ofql.config.ActingPolicy;
import io.ofql.data.Batch;
import io.ofql.nn.Dual;
import io.ofql.nn.EnsembleMlp;
import io.ofql.nn.Scalars;
import io.ofql.nn.Seeding;
import java.util.Map;

/**
 * One-Step Flow Q-Learning (Nguyen and Yoo, ICLR 2026, arXiv 2508.13904) for S independent seeds
 * trained as one batched model.
 *
 * <p>One {@link #update} is, for every seed at once (shapes (S, B, ·)):
 *
 * <pre>
 *   critic (Eq. 17):  a' = clip(eps - u_theta'(eps, 0, 1; s'), -1, 1)        EMA policy theta'
 *                     y  = r + gamma notDone min_i Q'_i(s', a')             (max-Q backup optional)
 *                     L(phi) = sum_i mean (Q_i(s, a) - y)^2
 *   BC (Eq. 13-15):   t, r ~ logit-normal, r <= t; r = t on a flowRatio share of the batch,
 *                     (r, t) = (0, 1) on a oneStepShare of it
 *                     a_t = (1 - t) a + t eps,  v = eps - a
 *                     u_tgt = v - (t - r) JVP,  JVP = d/dh u(a_t + h v, r, t + h; s)   constant
 *                     L_FBC = mean_B || u_theta(a_t, r, t; s) - u_tgt ||^2
 *                     (optionally MeanFlow's adaptive weight sg(1 / (||.||^2 + c)^p) per sample)
 *   actor (Eq. 16):   a_pi = clip(eps2 - u_theta(eps2, 0, 1; s), -1, 1)      one forward pass
 *                     L(theta) = L_FBC + eta q_loss(Q(s, a_pi))              normalised, head swap
 *   then gradient-norm clipping, Adam, EMA of theta every 5 steps from step 1000, soft critic
 *   targets with tau every step.
 * </pre>
 *
 * <p>The JVP is computed by tangent propagation (no autodiff), and only on the share of the batch
 * with r < t. Nothing is read back to the host; the metrics are device arrays of shape (S).
 */
public final class OfqlAgent extends ActorCriticAgent<OfqlConfig> {
    /** Salt that separates the policy's initialisation stream from the critics'. */
    private static final long POLICY_SALT = 0x504F4C49L;
    /** MeanFlow's c in the adaptive loss weight (Geng et al. 2025, Sec. 4.3). */
    private static final float ADAPTIVE_C = 1e-3f;

    private final AverageVelocityPolicy policy;
    private final NDArray emaParams;
    /** Views of the EMA and of the online policy as a constant, made once (both change in place). */
    private final EnsembleMlp.Layers emaLayers;
    private final EnsembleMlp.Layers constantPolicy;
    private final Ema ema;

    public OfqlAgent(OfqlConfig config, AgentContext context) {
        this(config, context, new AverageVelocityPolicy(context.members(), context.observationDim(),
                context.actionDim(), config.common().hidden(), config.common().layers(), config.embedding()));
    }

    private OfqlAgent(OfqlConfig config, AgentContext context, AverageVelocityPolicy policy) {
        super(config, context, "policy", true, false,
                m -> policy.network().initialize(m, Seeding.networkSeeds(context.seeds(), POLICY_SALT, 0)));
        this.policy = policy;
        emaParams = actor.values().duplicate();
        emaLayers = policy.layers(emaParams, manager);
        constantPolicy = policy.layers(actor.detached(manager), manager);
        ema = config.ema();
    }

    @Override
    public Map<String, NDArray> update(Batch batch, long step, NDManager m) {
        NDArray s = batch.observations();
        NDArray a = batch.actions();
        Shape actionShape = a.getShape();
        long seeds = actionShape.get(0);
        long b = actionShape.get(1);

        // Critic (Eq. 17): TD target from the EMA policy's one-step actions at s'.
        int k = common.maxQBackup() ? common.maxQSamples() : 1;
        NDArray nextS = TwinCritic.repeatBlocks(batch.nextObservations(), k);
        NDArray nextA = policy.oneStep(emaLayers, nextS, m.randomNormal(new Shape(seeds, k * b, actionShape.get(2))));
        NDArray y = critic.backupTarget(batch.rewards(), batch.notDone(), (float) common.discount(), nextS, nextA, k);
        Map<String, NDArray> metrics = critic.update(s, a, y, (float) common.gradNorm(), m);

        // MeanFlow target (Eq. 13-15), a constant: the first `mean` samples have r < t and need the
        // JVP; on the rest r = t and the target is the conditional velocity itself.
        NDArray eps = m.randomNormal(actionShape);
        Shape timeShape = new Shape(seeds, b, 1);
        NDArray t1 = m.randomNormal((float) config.timeMean(), (float) config.timeStd(), timeShape, a.getDataType())
                .getNDArrayInternal().sigmoid();
        NDArray t2 = m.randomNormal((float) config.timeMean(), (float) config.timeStd(), timeShape, a.getDataType())
                .getNDArrayInternal().sigmoid();
        NDArray t = t1.maximum(t2);
        NDArray rDrawn = t1.minimum(t2);
        long corner = Math.round(config.oneStepShare() * b);
        if (corner > 0) {
            // The first `corner` samples at the one-step interval (0, 1).
            long[] cornerCut = {corner};
            t = m.ones(new Shape(seeds, corner, 1), a.getDataType()).concat(t.split(cornerCut, 1).get(1), 1);
            rDrawn = m.zeros(new Shape(seeds, corner, 1), a.getDataType()).concat(rDrawn.split(cornerCut, 1).get(1), 1);
        }
        long mean = Math.round((1 - config.flowRatio()) * b);
        NDArray at = a.mul(Scalars.oneMinus(t)).add(eps.mul(t));
        NDArray v = eps.sub(a);
        NDArray r = t;
        NDArray uTarget = v;
        if (mean > 0) {
            // Each array split once at `mean` along the batch: [head, tail] views.
            long[] cut = {mean};
            NDList tParts = t.split(cut, 1);
            NDList rParts = rDrawn.split(cut, 1);
            NDList vParts = v.split(cut, 1);
            NDArray tHead = tParts.get(0);
            NDArray rHead = rParts.get(0);
            NDArray vHead = vParts.get(0);
            Dual jvp = policy.velocityTangent(constantPolicy, at.split(cut, 1).get(0), s.split(cut, 1).get(0), tHead,
                    rHead, vHead);
            NDArray meanTarget = vHead.sub(tHead.sub(rHead).mul(jvp.tangent()));
            r = mean == b ? rHead : rHead.concat(tParts.get(1), 1);
            uTarget = mean == b ? meanTarget : meanTarget.concat(vParts.get(1), 1);
        }

        // Actor (Eq. 16): L_FBC + eta q_loss, the Q term through one forward pass of the one-step
        // action; the critic's parameters enter detached, so no gradient reaches them. Two backward
        // passes, so that the size of each part's gradient is measured (ActorBackward).
        NDArray[] bcLoss = new NDArray[1];
        NDArray[] unclipped = new NDArray[1];
        NDArray[] aPi = new NDArray[1];
        NDArray piNoise = m.randomNormal(actionShape);
        final NDArray tTimes = t;
        final NDArray rTimes = r;
        final NDArray target = uTarget;
        ActorBackward.Parts parts = ActorBackward.run(actor, () -> {
            NDArray u = policy.velocity(policy.layers(actor.values(), m), at, s, tTimes, rTimes);
            NDArray error = u.sub(target).square().sum(new int[] {2});
            bcLoss[0] = Scalars.dividedBy(error.sum(new int[] {1}), b);
            return config.adaptivePower() == 0 ? bcLoss[0]
                    : Scalars.dividedBy(error.mul(adaptiveWeight(error, config.adaptivePower())).sum(new int[] {1}), b);
        }, () -> {
            unclipped[0] = policy.oneStepUnclipped(policy.layers(actor.values(), m), s, piNoise);
            aPi[0] = Scalars.clip(unclipped[0], -1, 1);
            return QTerm.loss(critic.constantQ(s, aPi[0]), QTerm.sampleSwap(m, (int) seeds));
        }, common.eta(), actorSignal, (int) seeds, m);
        stepActor(m);

        // Targets: EMA policy on DQL's schedule, soft critic targets every step.
        ema.update(emaParams, actor.values(), step);
        critic.softUpdate((float) common.tau());

        metrics.put("actor_loss", parts.bcLoss().add(Scalars.times(parts.qLoss(), common.eta())));
        parts.putInto(metrics);
        // The plain squared error, whatever the weighting of the optimised objective.
        metrics.put("bc_loss", bcLoss[0].stopGradient());
        // Share of one-step action components outside [-1, 1] before the clip (no Q gradient
        // reaches them), and the one-step action's squared distance to the data action.
        NDArray outside = Scalars.below(Scalars.oneMinus(unclipped[0].stopGradient().abs()), 0);
        metrics.put("clip_share",
                Scalars.dividedBy(outside.toType(a.getDataType(), false).sum(new int[] {1, 2}), b * actionShape.get(2)));
        metrics.put("onestep_error", Scalars.dividedBy(
                aPi[0].stopGradient().sub(a).square().sum(new int[] {1, 2}), b));
        return metrics;
    }

    /**
     * MeanFlow's adaptive weight sg(1 / (e + c)^p) of each sample's squared error e (S, B), c = 1e-3:
     * with p = 1 every sample's loss is about log(e + c), so the large errors of the long intervals,
     * whose targets bootstrap from the network's own JVP, no longer drown the gradient of the rest.
     */
    static NDArray adaptiveWeight(NDArray error, double power) {
        NDArray e = error.stopGradient();
        return Scalars.power(Scalars.plus(e, ADAPTIVE_C), -power);
    }

    /**
     * One-step actions of the policy the config's {@code actingPolicy} names: the EMA copy under
     * the paper's protocol (CleanDiffuser's {@code use_ema=True}; the copy keeps its initial
     * weights until {@code emaStart}), or the online policy. With {@code selectByQ},
     * {@code candidates} actions per state from noise scaled by {@code candidateNoise}, one drawn
     * from softmax(Q'_min * qScale factor * temperature).
     */
    @Override
    public NDArray act(NDArray observations, boolean selectByQ, NDManager resultManager) {
        try (NDManager m = resultManager.newSubManager()) {
            // A view (or a copy, from another device) owned by the sub-manager, so no part of this
            // graph attaches to the caller's arrays.
            NDArray s;
            if (observations.getDevice().equals(context.device())) {
                s = ActorParts.constant(observations, m);
            } else {
                s = observations.toDevice(context.device(), true);
                s.attach(m);
            }
            Shape shape = s.getShape();
            Shape actionShape = new Shape(shape.get(0), shape.get(1), context.actionDim());
            EnsembleMlp.Layers acting = common.selection().actingPolicy() == ActingPolicy.EMA ? emaLayers : constantPolicy;
            NDArray action;
            if (selectByQ) {
                int k = common.selection().candidates();
                NDArray repeated = TwinCritic.repeatBlocks(s, k);
                NDArray eps = Scalars.times(
                        m.randomNormal(new Shape(shape.get(0), k * shape.get(1), context.actionDim())),
                        common.selection().candidateNoise());
                NDArray candidates = policy.oneStep(acting, repeated, eps);
                action = CandidateSelector.select(candidates, critic.targetMinQ(repeated, candidates), k,
                        selectionWeight());
            } else {
                action = policy.oneStep(acting, s, m.randomNormal(actionShape));
            }
            action.attach(resultManager);
            return action;
        }
    }

    @Override
    protected Map<String, NDArray> extraState() {
        return Map.of("policy.ema", emaParams);
    }

    @Override
    protected String shapeKey() {
        return super.shapeKey() + " hidden=" + common.hidden() + "x" + common.layers() + " embedding="
                + config.embedding();
    }

    @Override
    public String algorithm() {
        return "ofql";
    }

    /** The policy's live (S, P) parameters. */
    public NDArray policyParameters() {
        return actor.values();
    }

    /** The EMA (target) policy's (S, P) parameters, which act when {@code actingPolicy} is {@code ema}. */
    public NDArray emaPolicyParameters() {
        return emaParams;
    }
}
