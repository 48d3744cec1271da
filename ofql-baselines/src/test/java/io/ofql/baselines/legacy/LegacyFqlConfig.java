package io.ofql.baselines.legacy;

import io.ofql.config.Checks;
import io.ofql.data.RewardTransform;

/**
 * Hyperparameters of Flow Q-Learning (Park, Li and Levine, 2025, arXiv 2502.02538). A task's reward
 * transform, max-Q backup and length follow {@link LegacyDqlConfig#forTask} so that the comparison with
 * OFQL and DQL differs only in the algorithm; the reference gives no per-task FQL values, so
 * {@code alpha} is the same on every task unless overridden.
 *
 * @param hidden width of both policies and of the critics (256; 64 on the toy bandit)
 * @param layers hidden layers of those networks (3)
 * @param flowSteps Euler steps of the behaviour flow policy (10)
 * @param actorLr Adam learning rate of both policies (3e-4)
 * @param criticLr Adam learning rate of the critics (3e-4)
 * @param alpha weight of the distillation loss alpha ||mu(s, z) - flow(s, z)||^2 (10)
 * @param qWeight weight of the normalised Q term in the one-step policy's loss (1, FQL's
 *     normalised Q loss); 0 leaves pure distillation
 * @param gradNorm global gradient-norm clip; 0 (FQL's setting) disables clipping
 * @param maxQBackup max over {@code maxQSamples} next actions per head, then min over heads
 * @param maxQSamples next actions per state of the max-Q backup (10)
 * @param batchSize transitions per member and step (256)
 * @param discount gamma (0.99)
 * @param tau soft update rate of the target critics, every step (0.005)
 * @param candidates actions drawn per state at evaluation, picked by softmax(Q * temperature) (50)
 * @param temperature weight of Q in that softmax, softmax(Q * temperature) (1)
 * @param reward reward transform, as in {@link LegacyDqlConfig#reward}
 * @param trainingSteps gradient steps
 */
public record LegacyFqlConfig(
        int hidden,
        int layers,
        int flowSteps,
        double actorLr,
        double criticLr,
        double alpha,
        double qWeight,
        double gradNorm,
        boolean maxQBackup,
        int maxQSamples,
        int batchSize,
        double discount,
        double tau,
        int candidates,
        double temperature,
        RewardTransform reward,
        long trainingSteps) {

    public LegacyFqlConfig {
        Checks.positive("hidden", hidden);
        Checks.positive("layers", layers);
        Checks.positive("flowSteps", flowSteps);
        Checks.positive("actorLr", actorLr);
        Checks.positive("criticLr", criticLr);
        Checks.nonNegative("alpha", alpha);
        Checks.nonNegative("qWeight", qWeight);
        Checks.nonNegative("gradNorm", gradNorm);
        Checks.positive("maxQSamples", maxQSamples);
        Checks.positive("batchSize", batchSize);
        Checks.unitOpen("discount", discount);
        Checks.fraction("tau", tau);
        Checks.positive("candidates", candidates);
        Checks.positive("temperature", temperature);
        if (reward == null) {
            throw new IllegalArgumentException("reward must be set (none, antmaze, minus-one or standardize)");
        }
        Checks.positive("trainingSteps", trainingSteps);
    }

    /** The preset for a task: 10 flow steps, alpha 10, Q weight 1; sizes and reward as {@link LegacyDqlConfig#forTask}. */
    public static LegacyFqlConfig forTask(String task) {
        LegacyDqlConfig dql = LegacyDqlConfig.forTask(task);
        return new LegacyFqlConfig(dql.hidden(), dql.layers(), 10, 3e-4, 3e-4, 10.0, 1.0, 0.0, dql.maxQBackup(),
                dql.maxQSamples(), dql.batchSize(), dql.discount(), dql.tau(), dql.candidates(), dql.temperature(),
                dql.reward(), dql.trainingSteps());
    }
}
