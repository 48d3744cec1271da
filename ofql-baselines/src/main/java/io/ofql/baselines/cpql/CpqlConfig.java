package io.ofql.baselines.cpql;

import io.ofql.agent.Ema;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Checks;
import io.ofql.config.Common;

/**
 * Hyperparameters of Consistency Policy Q-Learning (Chen, Li and Zhao, AAMAS 2024, arXiv
 * 2310.06343). The values per task live in {@code presets/cpql.json}: CPQL's own MuJoCo table
 * for eta and the gradient-norm clip, DQL's rows elsewhere (CPQL is a fork of DQL).
 *
 * @param common the settings every algorithm shares; eta weighs the normalised Q term,
 *     L = L_bc + eta q_loss
 * @param ema the schedule of the EMA actor and, unless {@code softTargets}, of the target critics
 * @param softTargets move the target critics by {@code tau} every step (DQL's rule) instead of on
 *     the EMA schedule (CPQL's code, the default)
 * @param emaNextActions sample the critic's next actions from the EMA actor (DQL's rule) instead of
 *     the online actor (CPQL's code, the default)
 * @param timeEmbedding size of the sinusoidal embedding of 250 log(sigma) and of its MLP's output
 * @param sampleSteps consistency sampling steps: 1 on MuJoCo (x = sigma_max z, a = f(x, sigma_max, s))
 * @param loss the behaviour-cloning loss: {@code reconstruction} (CPQL's published code, default),
 *     {@code consistency} (the paper's consistency loss, teacher-free) or {@code ict} (that loss with
 *     iCT's pseudo-Huber distance and weighting); see {@link ConsistencyPolicy}
 * @param levels N, the Karras noise levels of the loss and the sampler (40, CPQL's published value;
 *     with the consistency loss, 160 removes most of the bias a coarse grid puts into its
 *     targets: see docs/baselines.md)
 */
public record CpqlConfig(
        Common common,
        Ema ema,
        boolean softTargets,
        boolean emaNextActions,
        int timeEmbedding,
        int sampleSteps,
        ConsistencyPolicy.Loss loss,
        int levels) implements AlgorithmConfig {

    public CpqlConfig {
        if (common == null || ema == null || loss == null) {
            throw new IllegalArgumentException("common, ema and loss must be set");
        }
        common.selection().requireUnscaledNoise("cpql");
        Checks.evenEmbedding("timeEmbedding", timeEmbedding);
        if (levels < 2) {
            throw new IllegalArgumentException("levels must be at least 2 (sigma_max and sigma_min), got " + levels);
        }
        if (sampleSteps < 1 || sampleSteps > levels) {
            throw new IllegalArgumentException("sampleSteps must be in [1, levels = " + levels + "], got " + sampleSteps);
        }
    }
}
