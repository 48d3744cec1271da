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
 * Unlike DQL, the critics carry LayerNorm and the target critics move on the actor's EMA schedule
 * (0.995 every 5 steps from step 1000) instead of a soft update every step (CPQL's code).
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
        super(config, context, config.ema(), true, config.softTargets(), consistency);
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
