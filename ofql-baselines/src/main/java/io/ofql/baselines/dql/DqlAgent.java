package io.ofql.baselines.dql;

import io.ofql.agent.AgentContext;
import io.ofql.baselines.GenerativeQAgent;
import io.ofql.baselines.TimeConditionedMlp;

/**
 * Diffusion Q-Learning (Wang, Hunt and Zhou, ICLR 2023, arXiv 2208.06193): the recipe of
 * {@link GenerativeQAgent} with the T-step {@link DiffusionPolicy}, so that
 *
 * <pre>
 *   L_bc = mean || eps - eps_theta(sqrt(ab_k) a + sqrt(1 - ab_k) eps, k, s) ||^2,  k ~ U{0..T-1}
 *   a~   = sample_T(theta, s)      the Q term's gradient runs through all T reverse steps (Eq. 3)
 * </pre>
 *
 * EMA actor 0.995 every 5 steps from step 1000; target critics soft-updated with tau every step;
 * 10-sample max-Q backup where the task preset asks for it.
 */
public final class DqlAgent extends GenerativeQAgent<DqlConfig> {
    private final DiffusionPolicy diffusion;

    public DqlAgent(DqlConfig config, AgentContext context) {
        this(config, context, new DiffusionPolicy(new VpSchedule(config.steps()), new TimeConditionedMlp(
                context.members(), context.observationDim(), context.actionDim(), config.timeEmbedding(),
                config.common().hidden(), config.common().layers()), context.actionDim()));
    }

    private DqlAgent(DqlConfig config, AgentContext context, DiffusionPolicy diffusion) {
        super(config, context, config.ema(), false, true, true, diffusion);
        this.diffusion = diffusion;
    }

    @Override
    public String algorithm() {
        return "dql";
    }

    public DiffusionPolicy policy() {
        return diffusion;
    }
}
