package io.ofql.baselines.fql;

import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Checks;
import io.ofql.config.Common;

/**
 * Hyperparameters of Flow Q-Learning (Park, Li and Levine, 2025, arXiv 2502.02538). The values
 * per task live in {@code presets/fql.json}; a task's reward transform, max-Q backup and length
 * follow DQL's rows so that the comparison with OFQL and DQL differs only in the algorithm.
 *
 * @param common the settings every algorithm shares; eta weighs the normalised Q term in the
 *     one-step policy's loss (1, FQL's normalised Q loss; 0 leaves pure distillation; named
 *     {@code qWeight} before), gradNorm 0 is FQL's setting (no clipping)
 * @param flowSteps Euler steps of the behaviour flow policy (10)
 * @param alpha weight of the distillation loss alpha ||mu(s, z) - flow(s, z)||^2 (10)
 */
public record FqlConfig(Common common, int flowSteps, double alpha) implements AlgorithmConfig {

    public FqlConfig {
        if (common == null) {
            throw new IllegalArgumentException("common must be set");
        }
        common.selection().requireUnscaledNoise("fql");
        common.selection().requireOnlinePolicy("fql");
        Checks.positive("flowSteps", flowSteps);
        Checks.nonNegative("alpha", alpha);
    }
}
