package io.ofql.experiments.testing.bc;

import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Common;

/**
 * Behaviour cloning's settings: only the shared ones (hidden, layers, actorLr, gradNorm, batchSize,
 * trainingSteps are used; the critic's are not, since the agent has none). Values in
 * {@code presets/bc.json}.
 *
 * @param common the settings every algorithm shares
 */
public record BcConfig(Common common) implements AlgorithmConfig {
    public BcConfig {
        if (common.selection().selectByQ()) {
            throw new IllegalArgumentException("selectByQ must be false for bc (it trains no critic)");
        }
    }
}
