package io.ofql.baselines.legacy;

import io.ofql.config.Checks;
import io.ofql.baselines.cpql.ConsistencyPolicy;
import io.ofql.baselines.cpql.EdmScalings;
import io.ofql.data.RewardTransform;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of Consistency Policy Q-Learning (Chen, Li and Zhao, AAMAS 2024, arXiv
 * 2310.06343). CPQL is a fork of DQL, so a task's reward transform, max-Q backup, actor learning
 * rate and length come from {@link LegacyDqlConfig#forTask}; eta and the gradient-norm clip come from
 * CPQL's own MuJoCo table where it has a row.
 *
 * @param hidden width of the consistency network and of the critics (256; 64 on the toy bandit)
 * @param layers hidden layers of those networks (3)
 * @param timeEmbedding size of the sinusoidal embedding of 250 log(sigma) and of its MLP's output (16)
 * @param sampleSteps consistency sampling steps: 1 on MuJoCo (x = sigma_max z, a = f(x, sigma_max, s))
 * @param loss the behaviour-cloning loss: {@code reconstruction} (CPQL's published code, default),
 *     {@code consistency} (the paper's consistency loss, teacher-free) or {@code ict} (that loss with
 *     iCT's pseudo-Huber distance and weighting); see {@link ConsistencyPolicy}
 * @param levels N, the Karras noise levels of the loss and the sampler (40, CPQL's published value;
 *     with the consistency loss, 160 removes most of the bias a coarse grid puts into its
 *     targets: see docs/baselines.md)
 * @param actorLr Adam learning rate of the consistency actor
 * @param criticLr Adam learning rate of the critics (3e-4)
 * @param eta weight of the normalised Q term, L = L_bc + eta q_loss (per task)
 * @param gradNorm global gradient-norm clip of actor and critic (per task); 0 disables clipping
 * @param maxQBackup max over {@code maxQSamples} next actions per head, then min over heads
 * @param maxQSamples next actions per state of the max-Q backup (10)
 * @param batchSize transitions per member and step (256)
 * @param discount gamma (0.99)
 * @param emaDecay decay of the EMA actor AND of the target critics (0.995)
 * @param emaEvery steps between target updates (5)
 * @param emaStart first step at which targets move (1000)
 * @param candidates actions drawn per state at evaluation, picked by softmax(Q * temperature) (50)
 * @param temperature weight of Q in that softmax, softmax(Q * temperature) (1)
 * @param reward reward transform, as in {@link LegacyDqlConfig#reward}
 * @param trainingSteps gradient steps
 */
public record LegacyCpqlConfig(
        int hidden,
        int layers,
        int timeEmbedding,
        int sampleSteps,
        ConsistencyPolicy.Loss loss,
        int levels,
        double actorLr,
        double criticLr,
        double eta,
        double gradNorm,
        boolean maxQBackup,
        int maxQSamples,
        int batchSize,
        double discount,
        double emaDecay,
        int emaEvery,
        int emaStart,
        int candidates,
        double temperature,
        RewardTransform reward,
        long trainingSteps) {

    public LegacyCpqlConfig {
        Checks.positive("hidden", hidden);
        Checks.positive("layers", layers);
        Checks.positive("timeEmbedding", timeEmbedding);
        if (timeEmbedding % 2 != 0 || timeEmbedding < 4) {
            throw new IllegalArgumentException("timeEmbedding must be even and at least 4 (sin and cos halves), got " + timeEmbedding);
        }
        if (loss == null) {
            throw new IllegalArgumentException("loss must be set (reconstruction, consistency or ict)");
        }
        if (levels < 2) {
            throw new IllegalArgumentException("levels must be at least 2 (sigma_max and sigma_min), got " + levels);
        }
        if (sampleSteps < 1 || sampleSteps > levels) {
            throw new IllegalArgumentException("sampleSteps must be in [1, levels = " + levels + "], got " + sampleSteps);
        }
        Checks.positive("actorLr", actorLr);
        Checks.positive("criticLr", criticLr);
        Checks.nonNegative("eta", eta);
        Checks.nonNegative("gradNorm", gradNorm);
        Checks.positive("maxQSamples", maxQSamples);
        Checks.positive("batchSize", batchSize);
        Checks.unitOpen("discount", discount);
        Checks.unitOpen("emaDecay", emaDecay);
        Checks.positive("emaEvery", emaEvery);
        Checks.nonNegative("emaStart", emaStart);
        Checks.positive("candidates", candidates);
        Checks.positive("temperature", temperature);
        if (reward == null) {
            throw new IllegalArgumentException("reward must be set (none, antmaze, minus-one or standardize)");
        }
        Checks.positive("trainingSteps", trainingSteps);
    }

    /** CPQL's published MuJoCo settings: {eta, grad-norm}. */
    private static final Map<String, double[]> MUJOCO = Map.of(
            "halfcheetah-medium-v2", new double[] {2.0, 9.0},
            "halfcheetah-medium-replay-v2", new double[] {2.0, 2.0},
            "halfcheetah-medium-expert-v2", new double[] {1.0, 8.0},
            "hopper-medium-v2", new double[] {2.0, 9.0},
            "hopper-medium-replay-v2", new double[] {1.0, 4.0},
            "hopper-medium-expert-v2", new double[] {0.5, 5.0},
            "walker2d-medium-v2", new double[] {1.0, 1.0},
            "walker2d-medium-replay-v2", new double[] {1.0, 4.0},
            "walker2d-medium-expert-v2", new double[] {1.0, 5.0});

    /**
     * The preset for a task: CPQL's eta and grad-norm on the nine MuJoCo tasks, DQL's row otherwise
     * (CPQL publishes no other values); the toy bandit as in {@link LegacyDqlConfig#forTask}.
     */
    public static LegacyCpqlConfig forTask(String task) {
        LegacyDqlConfig dql = LegacyDqlConfig.forTask(task);
        double[] row = MUJOCO.get(task.toLowerCase(Locale.ROOT));
        double eta = row == null ? dql.eta() : row[0];
        double gradNorm = row == null ? dql.gradNorm() : row[1];
        return new LegacyCpqlConfig(dql.hidden(), dql.layers(), dql.timeEmbedding(), 1, ConsistencyPolicy.Loss.RECONSTRUCTION,
                EdmScalings.POINTS, dql.actorLr(), dql.criticLr(),
                eta, gradNorm, dql.maxQBackup(), dql.maxQSamples(), dql.batchSize(), dql.discount(),
                dql.emaDecay(), dql.emaEvery(), dql.emaStart(), dql.candidates(), dql.temperature(),
                dql.reward(), dql.trainingSteps());
    }
}
