package io.ofql.baselines.dql;

import io.ofql.agent.Ema;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Checks;
import io.ofql.config.Common;

/**
 * Hyperparameters of Diffusion Q-Learning (Wang, Hunt and Zhou, ICLR 2023, arXiv 2208.06193). The
 * values per task, the official implementation's defaults and per-task table, live in
 * {@code presets/dql.json}.
 *
 * @param common the settings every algorithm shares; eta weighs the normalised Q term,
 *     L = L_bc + eta q_loss; evaluation draws {@code candidates} actions and picks by
 *     softmax(Q * temperature) from unscaled noise
 * @param ema the EMA actor's schedule (it serves the critic's targets)
 * @param timeEmbedding size of the sinusoidal step embedding and of its MLP's output
 * @param steps the number of diffusion steps T (5; the paper's timing figure also uses 10, 20, 50)
 */
public record DqlConfig(Common common, Ema ema, int timeEmbedding, int steps) implements AlgorithmConfig {

    public DqlConfig {
        if (common == null || ema == null) {
            throw new IllegalArgumentException("common and ema must be set");
        }
        common.selection().requireUnscaledNoise("dql");
        Checks.evenEmbedding("timeEmbedding", timeEmbedding);
        Checks.positive("steps", steps);
    }
}
