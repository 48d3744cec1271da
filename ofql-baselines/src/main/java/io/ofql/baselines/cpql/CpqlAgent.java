package io.ofql.baselines.cpql;

import io.ofql.agent.AgentContext;
import io.ofql.baselines.GenerativeQAgent;
import io.ofql.baselines.TimeConditionedMlp;

/**
 * Consistency Policy Q-Learning (Chen, Li and Zhao, AAMAS 2024, arXiv 2310.06343): the recipe of
 * {@link GenerativeQAgent} with the one-step {@link ConsistencyPolicy}, so that
 *
 * <pre>
 *   L_bc = mean lambda(sigma) || f_theta(a + sigma z, sigma, s) - a ||^2   (weighted reconstruction, see ConsistencyPolicy)
 *   a~   = f_theta(sigma_max z, sigma_max, s)                            one differentiable forward pass
 * </pre>
 *
 * Where CPQL's official code (github cccedric/cpql, agents/ql_cm.py) differs from DQL's:
 *
 * <pre>
 *   critic:  a' = sample(theta, s')  the online actor before its step, not the EMA actor (emaNextActions false)
 *            y  = r + gamma notDone min_i max_K Q'_i(s', a')   phi' on the EMA schedule (0.995 every 5 from 1000),
 *                                                           not tau every step (softTargets false)
 *            Q_i = MLP with LayerNorm before each Mish          (model.py Critic, offline)
 *   actor:   L  = L_bc + eta q_loss                             DQL's normalised Q term with the head swap
 *   AntMaze: max-Q backup on every maze, its own eta rows, a 2-step sampler (presets/cpql.json)
 * </pre>
 *
 * With the reconstruction loss the EMA actor is then used by nothing but {@code emaNextActions}
 * (CPQL's code keeps it only as the unused target of its consistency term).
 */
public final class CpqlAgent extends GenerativeQAgent<CpqlConfig> {
    private final ConsistencyPolicy consistency;

    public CpqlAgent(CpqlConfig config, AgentContext context) {
        this(config, context, new ConsistencyPolicy(new TimeConditionedMlp(context.members(), context.observationDim(),
                context.actionDim(), config.timeEmbedding(), config.common().hidden(), config.common().layers()),
                context.actionDim(),
                config.sampleSteps(), config.loss(), config.levels()));
    }

    private CpqlAgent(CpqlConfig config, AgentContext context, ConsistencyPolicy consistency) {
        super(config, context, config.ema(), true, config.softTargets(), config.emaNextActions(), consistency);
        this.consistency = consistency;
    }

    @Override
    public String algorithm() {
        return "cpql";
    }

    public ConsistencyPolicy policy() {
        return consistency;
    }
}
