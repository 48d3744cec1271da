package io.ofql.baselines.fql;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.agent.ActorParts;
import io.ofql.agent.AgentContext;
import io.ofql.agent.QTerm;
import io.ofql.agent.TwinCritic;
import io.ofql.data.Batch;
import io.ofql.nn.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flow Q-Learning (Park, Li and Levine, 2025, arXiv 2502.02538, Algorithm 1) for S independent
 * seeds trained as one ensemble, as its official code ({@code agents/fql.py}) updates.
 *
 * <p>One {@link #update} is, for every seed at once (shapes (S, B, ·)):
 *
 * <pre>
 *   critic (Alg. 1; fql.py critic_loss):
 *                 a' = clip(mu_omega(s', z'), -1, 1)                   current one-step policy, no actor target
 *                 y  = r + gamma notDone agg_i Q'_i(s', a')              agg = qAggregation (mean in FQL's code);
 *                                                                     max over K a' per head with maxQBackup (off)
 *                 L(phi) = sum_i mean (Q_i(s, a) - y)^2                 LayerNorm critics (criticLayerNorm)
 *   flow BC (Alg. 1; fql.py actor_loss, bc_flow_loss):
 *                 x_t = (1 - t) z + t a,  t ~ U[0, 1]
 *                 L_flow = mean || v_theta(s, x_t, t) - (a - z) ||^2
 *   distillation (Alg. 1; actor_loss, distill_loss):
 *                 L_dist = mean || mu_omega(s, z) - sg(flow_10(s, z)) ||^2      same noise z for both
 *   Q term (Alg. 1; actor_loss, q_loss):
 *                 q_bar  = (Q_1 + Q_2)(s, clip(mu_omega(s, z))) / 2             mean of the heads, critic constant
 *                 q_loss = - mean q_bar  [/ sg(mean |q_bar|) with normalizeQLoss]
 *   (theta, omega) = Adam(.., grad (L_flow + alpha L_dist + eta q_loss)),  eta = 1 in FQL's code
 *   phi = Adam(phi, grad L(phi));  phi' = tau phi + (1 - tau) phi'          every step
 * </pre>
 *
 * <p>As in FQL's code, where one optimiser step takes the sum of both losses, the critic's target
 * uses the policy before this step and the Q term the critics before this step: y is computed
 * first, then the policies step, then the critics. The critic loss sums the heads where FQL's
 * averages them, a constant factor that Adam's update does not see (no clipping: gradNorm 0).
 * With {@code eta = 0} the one-step policy is pure distillation of the flow policy.
 */
public final class FqlAgent extends ActorCriticAgent<FqlConfig> {
    private final FqlPolicies policies;

    public FqlAgent(FqlConfig config, AgentContext context) {
        this(config, context, new FqlPolicies(context.members(), context.observationDim(), context.actionDim(),
                config.common().hidden(), config.common().layers(), config.flowSteps()));
    }

    private FqlAgent(FqlConfig config, AgentContext context, FqlPolicies policies) {
        super(config, context, "actor", true, config.criticLayerNorm(), m -> policies.initialize(m, context.seeds()));
        this.policies = policies;
    }

    @Override
    public String algorithm() {
        return "fql";
    }

    public FqlPolicies policies() {
        return policies;
    }

    @Override
    public Map<String, NDArray> update(Batch batch, long step, NDManager m) {
        NDArray obs = batch.observations();

        // Critic target from the one-step policy and the critics as they stand before this step.
        NDArray constantActor = ActorParts.constant(actor.values(), m);
        int k = common.backupSamples();
        NDArray nextObs = TwinCritic.repeatBlocks(batch.nextObservations(), k);
        NDArray nextActions = Scalars.clip(policies.oneStep(constantActor, nextObs, policies.noise(nextObs)), -1, 1);
        NDArray y = critic.backupTarget(batch.rewards(), batch.notDone(), (float) common.discount(), nextObs,
                nextActions, k, config.qAggregation());

        // Policies: flow BC, distillation towards the flow policy for the same noise, and the Q term
        // on the mean of the heads of the critics before their step.
        NDArray z = policies.noise(obs);
        NDArray flowTarget = policies.flowActions(constantActor, obs, z);
        actor.zeroGradient();
        NDArray flowLoss;
        NDArray distillLoss;
        NDArray qLoss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray params = actor.values();
            flowLoss = policies.flowLoss(params, obs, batch.actions());
            NDArray mu = policies.oneStep(params, obs, z);
            distillLoss = Scalars.dividedBy(mu.sub(flowTarget).square().sum(new int[] {1, 2}),
                    mu.getShape().get(1) * mu.getShape().get(2));
            qLoss = QTerm.meanLoss(critic.constantQ(obs, Scalars.clip(mu, -1, 1)), config.normalizeQLoss());
            NDArray loss = flowLoss.add(Scalars.times(distillLoss, config.alpha()))
                    .add(Scalars.times(qLoss, common.eta()));
            collector.backward(loss.sum());
        }
        NDArray actorNorm = stepActor(m);

        Map<String, NDArray> metrics = new LinkedHashMap<>(
                critic.update(obs, batch.actions(), y, (float) common.gradNorm(), m));
        critic.softUpdate((float) common.tau());

        metrics.put("bc_loss", flowLoss.stopGradient());
        metrics.put("distill_loss", distillLoss.stopGradient());
        metrics.put("q_loss", qLoss.stopGradient());
        metrics.put("actor_grad_norm", actorNorm);
        return metrics;
    }

    @Override
    public NDArray act(NDArray observations, boolean selectByQ, NDManager m) {
        NDArray params = ActorParts.constant(actor.values(), m);
        return ActorParts.act(observations, m, selectByQ, config.common().selection().candidates(), selectionWeight(),
                critic,
                obs -> Scalars.clip(policies.oneStep(params, obs, policies.noise(obs)), -1, 1));
    }

    /** The 10-step flow policy's actions for the given noise (S, n, act): the distillation target. */
    public NDArray flowActions(NDArray observations, NDArray noise, NDManager m) {
        NDArray obs = ActorParts.constant(observations, m);
        return policies.flowActions(ActorParts.constant(actor.values(), m), obs, noise);
    }

    /** The one-step policy's actions for the given noise (S, n, act), clamped. */
    public NDArray oneStepActions(NDArray observations, NDArray noise, NDManager m) {
        NDArray obs = ActorParts.constant(observations, m);
        return Scalars.clip(policies.oneStep(ActorParts.constant(actor.values(), m), obs, noise), -1, 1);
    }
}
