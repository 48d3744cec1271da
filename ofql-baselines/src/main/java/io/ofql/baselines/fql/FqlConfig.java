package io.ofql.baselines.fql;

import io.ofql.agent.HeadAggregation;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Checks;
import io.ofql.config.Common;

/**
 * Hyperparameters of Flow Q-Learning (Park, Li and Levine, 2025, arXiv 2502.02538). The values
 * per task live in {@code presets/fql.json}: FQL's official code ({@code agents/fql.py}) and its
 * README's per-task commands where they exist (D4RL AntMaze and Adroit), a stated choice elsewhere
 * (docs/baselines.md).
 *
 * @param common the settings every algorithm shares; hidden x layers size the flow policy, the
 *     one-step policy and the critics alike (4 x 512 in FQL's code); eta weighs the Q term in the
 *     one-step policy's loss (1 in FQL's code; 0 leaves pure distillation; named {@code qWeight}
 *     before); gradNorm 0 is FQL's setting (no clipping)
 * @param flowSteps Euler steps of the behaviour flow policy (10)
 * @param alpha weight of the distillation loss alpha ||mu(s, z) - flow(s, z)||^2, tuned per task
 * @param qAggregation how the critic's TD target combines the two target heads: {@code mean}
 *     (FQL's {@code q_agg} default) or {@code min} (clipped double Q); the one-step policy's Q term
 *     always takes the heads' mean, as FQL's code does
 * @param normalizeQLoss divide the Q term by the detached mean |Q| (FQL's {@code normalize_q_loss};
 *     off in its paper's runs, recommended by its README for tasks without tuned alpha)
 * @param criticLayerNorm LayerNorm in the critics' hidden layers (FQL's {@code layer_norm}, on;
 *     its policies have none, {@code actor_layer_norm} off)
 */
public record FqlConfig(Common common, int flowSteps, double alpha, HeadAggregation qAggregation,
        boolean normalizeQLoss, boolean criticLayerNorm) implements AlgorithmConfig {

    public FqlConfig {
        if (common == null || qAggregation == null) {
            throw new IllegalArgumentException("common and qAggregation must be set");
        }
        common.selection().requireUnscaledNoise("fql");
        common.selection().requireOnlinePolicy("fql");
        Checks.positive("flowSteps", flowSteps);
        Checks.nonNegative("alpha", alpha);
    }
}
