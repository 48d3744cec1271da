package io.ofql.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ofql.agent.ActorBackward;
import io.ofql.agent.ActorCriticAgent;
import io.ofql.agent.ActorParts;
import io.ofql.agent.AgentContext;
import io.ofql.agent.Ema;
import io.ofql.agent.QTerm;
import io.ofql.config.ActingPolicy;
import io.ofql.config.AlgorithmConfig;
import io.ofql.data.Batch;
import io.ofql.nn.Scalars;
import java.util.Map;

/**
 * Diffusion Q-Learning's actor-critic recipe (Wang, Hunt and Zhou, ICLR 2023, Algorithm 1) around a
 * generative policy, for S seeds trained as one ensemble. DQL uses it with its T-step diffusion
 * policy and CPQL (a DQL fork) with its one-step consistency policy; they differ in the
 * {@link Policy}, in which actor proposes the critic's next actions and in how the target critics
 * move.
 *
 * <p>One update, per seed (shapes (S, B, ·); every line runs for all seeds at once):
 *
 * <pre>
 *   a'    = sample(theta_ema, s')  (DQL)  or  sample(theta, s')  (CPQL's code)     K per state with the max-Q backup
 *   y     = r + gamma notDone min_i max_K Q'_i(s', a')    constant
 *   phi   = Adam(phi, clip(grad_phi sum_i mean (Q_i(s, a) - y)^2))
 *   L     = L_bc(theta) + eta (-mean Q_a(s, a~) / sg(mean |Q_b(s, a~)|)),  a~ = sample(theta, s)
 *           (a, b) = (1, 2) or (2, 1) with probability 1/2; gradient through the whole sampler
 *   theta = Adam(theta, clip(grad_theta L))
 *   theta_ema = rate theta_ema + (1 - rate) theta           on the EMA schedule (0.995, every 5, from 1000)
 *   phi'  = tau phi + (1 - tau) phi' every step (DQL), or on the EMA schedule (CPQL)
 * </pre>
 *
 * <p>The actor's Q term reads the critics through a detached copy of their parameters, so its
 * backward pass leaves no gradient on them (DJL does not zero gradients between passes).
 * Evaluation draws {@code candidates} actions per state from the actor the config's
 * {@code actingPolicy} names (online in DQL's and CPQL's {@code sample_action}) and samples one
 * by softmax(Q' * temperature).
 */
public abstract class GenerativeQAgent<C extends AlgorithmConfig> extends ActorCriticAgent<C> {

    /** A generative policy over actions, differentiable in its (S, P) parameter buffer. */
    public interface Policy {
        /** Fresh (S, P) parameters in {@code manager}, member s from {@code seeds[s]}. */
        NDArray initialize(NDManager manager, long[] seeds);

        /** The behaviour-cloning loss per member, (S). */
        NDArray bcLoss(NDArray params, NDArray observations, NDArray actions);

        /** Actions (S, n, act) in [-1, 1] for observations (S, n, obs), in the observations' manager. */
        NDArray sample(NDArray params, NDArray observations);
    }

    private final Policy policy;
    private final Ema ema;
    private final boolean softTargets;
    private final boolean emaNextActions;
    private final NDArray emaActor;

    /**
     * @param ema the EMA actor's schedule
     * @param criticLayerNorm LayerNorm in the critics (CPQL)
     * @param softTargets move the target critics by {@code tau} every step, or on the EMA schedule
     * @param emaNextActions the critic's next actions from the EMA actor (DQL), or from the online
     *     actor (CPQL's code)
     */
    protected GenerativeQAgent(C config, AgentContext context, Ema ema, boolean criticLayerNorm, boolean softTargets,
            boolean emaNextActions, Policy policy) {
        super(config, context, "actor", true, criticLayerNorm, m -> policy.initialize(m, context.seeds()));
        this.policy = policy;
        this.ema = ema;
        this.softTargets = softTargets;
        this.emaNextActions = emaNextActions;
        emaActor = actor.values().duplicate();
    }

    @Override
    public Map<String, NDArray> update(Batch batch, long step, NDManager m) {
        // Critic: targets from the EMA (DQL) or the online actor's (CPQL) sample at s', before its step.
        NDArray proposer = ActorParts.constant(emaNextActions ? emaActor : actor.values(), m);
        Map<String, NDArray> metrics = updateCritic(batch, nextObs -> policy.sample(proposer, nextObs), m);

        // Actor: behaviour cloning plus the normalised Q term of a differentiable sample, in two
        // backward passes so that each part's gradient norm is measured.
        NDArray swap = QTerm.sampleSwap(m, members());
        ActorBackward.Parts parts = ActorBackward.run(actor,
                () -> policy.bcLoss(actor.values(), batch.observations(), batch.actions()),
                () -> QTerm.loss(critic.constantQ(batch.observations(),
                        policy.sample(actor.values(), batch.observations())), swap),
                common.eta(), actorSignal, members(), m);
        NDArray actorNorm = stepActor(m);

        // Targets.
        ema.update(emaActor, actor.values(), step);
        if (softTargets) {
            critic.softUpdate((float) common.tau());
        } else {
            ema.update(critic.target(), critic.online().values(), step);
        }

        parts.putInto(metrics);
        metrics.put("actor_grad_norm", actorNorm);
        return metrics;
    }

    @Override
    public NDArray act(NDArray observations, boolean selectByQ, NDManager m) {
        NDArray acting = common.selection().actingPolicy() == ActingPolicy.EMA ? emaActor : actor.values();
        NDArray params = ActorParts.constant(acting, m);
        return ActorParts.act(observations, m, selectByQ, common.selection().candidates(), selectionWeight(), critic,
                obs -> policy.sample(params, obs));
    }

    @Override
    protected Map<String, NDArray> extraState() {
        return Map.of("actor.ema", emaActor);
    }

    /** The EMA actor's (S, P) parameters: the critic's targets, and the acting policy when {@code actingPolicy} is {@code ema}. */
    public NDArray emaActor() {
        return emaActor;
    }
}
