package io.ofql.ofql;

import io.ofql.agent.Ema;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Checks;
import io.ofql.config.Common;

/**
 * Hyperparameters of One-Step Flow Q-Learning (Nguyen and Yoo, ICLR 2026, arXiv 2508.13904). The
 * values per task live in {@code presets/ofql.json}, each with its source; where the paper is
 * silent they follow DQL's published code (targets, EMA schedule, gradient-norm clipping per
 * task, max-Q backup on AntMaze) or CleanDiffuser's evaluation sampler (candidate noise 0.5); see
 * {@code docs/ofql.md}.
 *
 * @param common the settings every algorithm shares; eta weighs the normalised Q term,
 *     L = L_FBC + eta q_loss
 * @param ema the EMA (target) policy's schedule
 * @param embedding size of each sinusoidal time embedding, of t and of r
 * @param flowRatio fraction of each batch trained with r = t (plain flow matching)
 * @param timeMean mean of the normal whose sigmoid gives t and r (logit-normal)
 * @param timeStd standard deviation of that normal
 * @param oneStepShare share of each batch trained at the one-step interval (r, t) = (0, 1), the
 *     only interval acting and the Q term use, which the logit-normal draws almost never reach
 *     (within 0.05 of it with probability about 2e-6 per sample at the defaults); taken from the
 *     r &lt; t part, so at most 1 - flowRatio (0: the paper's sampling)
 * @param adaptivePower power p of MeanFlow's adaptive loss weight sg(1 / (||u - u_tgt||^2 + 1e-3)^p)
 *     (Geng et al. 2025, "Mean Flows for One-step Generative Modeling", Sec. 4.3); 0 is the plain
 *     squared error of Eq. 14, the only form the OFQL paper states
 */
public record OfqlConfig(
        Common common,
        Ema ema,
        int embedding,
        double flowRatio,
        double timeMean,
        double timeStd,
        double oneStepShare,
        double adaptivePower) implements AlgorithmConfig {

    public OfqlConfig {
        if (common == null || ema == null) {
            throw new IllegalArgumentException("common and ema must be set");
        }
        Checks.evenEmbedding("embedding", embedding);
        Checks.unit("flowRatio", flowRatio);
        if (!Double.isFinite(timeMean)) {
            throw new IllegalArgumentException("timeMean must be finite, got " + timeMean);
        }
        Checks.positive("timeStd", timeStd);
        Checks.unit("oneStepShare", oneStepShare);
        if (oneStepShare > 1 - flowRatio) {
            throw new IllegalArgumentException("oneStepShare must not exceed the r < t share 1 - flowRatio = "
                    + (1 - flowRatio) + ", got " + oneStepShare);
        }
        Checks.nonNegative("adaptivePower", adaptivePower);
    }
}
