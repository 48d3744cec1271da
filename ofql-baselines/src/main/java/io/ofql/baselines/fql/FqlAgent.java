package io.ofql.baselines.fql;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.agent.ActorParts;
import io.ofql.agent.AgentContext;
import io.ofql.agent.QTerm;
import io.ofql.data.Batch;
import io.ofql.nn.Scalars;
import java.util.Map;

/**
 * Flow Q-Learning (Park, Li and Levine, 2025, arXiv 2502.02538, Algorithm 1) for S independent
 * seeds trained as one ensemble.
 *
 * <p>One update, per seed (shapes (S, B, ·); every line runs for all seeds at once):
 *
 * <pre>
 *   a'     = clamp(mu(s', z'))                            the current one-step policy (no actor target)
 *   y      = r + gamma notDone min_i max_K Q'_i(s', a')    constant
 *   phi    = Adam(phi, clip(grad_phi sum_i mean (Q_i(s, a) - y)^2))
 *   L_flow = mean || v_theta(s, (1 - t) z + t a, t) - (a - z) ||^2
 *   L_dist = mean || mu(s, z) - sg(flow_10(s, z)) ||^2     same noise z for both
 *   L_q    = -mean Q_a(s, clamp(mu(s, z))) / sg(mean |Q_b|)   (a, b) swapped w.p. 1/2
 *   (theta, omega) = Adam(.., grad (L_flow + alpha L_dist + eta L_q))
 *   phi'   = tau phi + (1 - tau) phi'                      every step
 * </pre>
 *
 * <p>Shared with OFQL and DQL: the twin critics, the normalised Q term (FQL normalises by the mean
 * |Q| too; the head swap is DQL's), candidate selection at evaluation. With {@code eta = 0}
 * the one-step policy is pure distillation of the flow policy.
 */
public final class FqlAgent extends ActorCriticAgent<FqlConfig> {
    private final FqlPolicies policies;

    public FqlAgent(FqlConfig config, AgentContext context) {
        this(config, context, new FqlPolicies(context.members(), context.observationDim(), context.actionDim(),
                config.common().hidden(), config.common().layers(), config.flowSteps()));
    }

    private FqlAgent(FqlConfig config, AgentContext context, FqlPolicies policies) {
        super(config, context, "actor", true, false, m -> policies.initialize(m, context.seeds()));
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

        // Critic: targets from the current one-step policy's action at s' (FQL keeps no actor target).
        NDArray constantActor = ActorParts.constant(actor.values(), m);
        Map<String, NDArray> metrics = updateCritic(batch,
                nextObs -> Scalars.clip(policies.oneStep(constantActor, nextObs, policies.noise(nextObs)), -1, 1), m);

        // Actor: flow BC, distillation towards the flow policy for the same noise, and the Q term.
        NDArray z = policies.noise(obs);
        NDArray flowTarget = policies.flowActions(constantActor, obs, z);
        NDArray swap = QTerm.sampleSwap(m, members());
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
            qLoss = QTerm.loss(critic.constantQ(obs, Scalars.clip(mu, -1, 1)), swap);
            NDArray loss = flowLoss.add(Scalars.times(distillLoss, config.alpha()))
                    .add(Scalars.times(qLoss, common.eta()));
            collector.backward(loss.sum());
        }
        NDArray actorNorm = stepActor(m);

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
        return ActorParts.act(observations, m, selectByQ, config.common().selection().candidates(),
                (float) config.common().selection().temperature(), critic,
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
