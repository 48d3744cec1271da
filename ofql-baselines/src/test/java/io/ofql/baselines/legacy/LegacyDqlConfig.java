package io.ofql.baselines.legacy;

import io.ofql.config.Checks;
import io.ofql.data.RewardTransform;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of Diffusion Q-Learning (Wang, Hunt and Zhou, ICLR 2023, arXiv 2208.06193),
 * with the defaults and per-task table of the official implementation ({@link #forTask}).
 *
 * @param hidden width of the noise-prediction network and of the critics (256; 64 on the toy bandit)
 * @param layers hidden layers of those networks (3)
 * @param timeEmbedding size of the sinusoidal step embedding and of its MLP's output (16)
 * @param steps the number of diffusion steps T (5; the paper's timing figure also uses 10, 20, 50)
 * @param actorLr Adam learning rate of the diffusion actor (per task)
 * @param criticLr Adam learning rate of the critics (3e-4)
 * @param eta weight of the normalised Q term in the actor loss, L = L_bc + eta q_loss (per task)
 * @param gradNorm global gradient-norm clip of actor and critic (per task); 0 disables clipping
 * @param maxQBackup back up the max over {@code maxQSamples} next actions per head, then the min
 *     over heads (AntMaze)
 * @param maxQSamples next actions per state of the max-Q backup (10)
 * @param batchSize transitions per member and step (256)
 * @param discount gamma (0.99)
 * @param tau soft update rate of the target critics, every step (0.005)
 * @param emaDecay decay of the EMA actor (0.995)
 * @param emaEvery steps between EMA actor updates (5)
 * @param emaStart first step at which the EMA actor moves; before it, it stays the initial copy (1000)
 * @param candidates actions drawn per state at evaluation, picked by softmax(Q * temperature) (50)
 * @param temperature weight of Q in that softmax, softmax(Q * temperature) (1)
 * @param reward reward transform applied to the dataset: none, antmaze ((r - 0.5) * 4) or standardize
 * @param trainingSteps gradient steps (epochs x 1000 of the table)
 */
public record LegacyDqlConfig(
        int hidden,
        int layers,
        int timeEmbedding,
        int steps,
        double actorLr,
        double criticLr,
        double eta,
        double gradNorm,
        boolean maxQBackup,
        int maxQSamples,
        int batchSize,
        double discount,
        double tau,
        double emaDecay,
        int emaEvery,
        int emaStart,
        int candidates,
        double temperature,
        RewardTransform reward,
        long trainingSteps) {

    public LegacyDqlConfig {
        Checks.positive("hidden", hidden);
        Checks.positive("layers", layers);
        Checks.positive("timeEmbedding", timeEmbedding);
        if (timeEmbedding % 2 != 0 || timeEmbedding < 4) {
            throw new IllegalArgumentException("timeEmbedding must be even and at least 4 (sin and cos halves), got " + timeEmbedding);
        }
        Checks.positive("steps", steps);
        Checks.positive("actorLr", actorLr);
        Checks.positive("criticLr", criticLr);
        Checks.nonNegative("eta", eta);
        Checks.nonNegative("gradNorm", gradNorm);
        Checks.positive("maxQSamples", maxQSamples);
        Checks.positive("batchSize", batchSize);
        Checks.unitOpen("discount", discount);
        Checks.fraction("tau", tau);
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

    /** One row of the official per-task table. */
    private record Row(double lr, double eta, boolean maxQ, RewardTransform reward, int epochs, double gradNorm) {}

    private static final Map<String, Row> TABLE = Map.ofEntries(
            Map.entry("halfcheetah-medium-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 9.0)),
            Map.entry("hopper-medium-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 9.0)),
            Map.entry("walker2d-medium-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 1.0)),
            Map.entry("halfcheetah-medium-replay-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 2.0)),
            Map.entry("hopper-medium-replay-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 4.0)),
            Map.entry("walker2d-medium-replay-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 4.0)),
            Map.entry("halfcheetah-medium-expert-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 7.0)),
            Map.entry("hopper-medium-expert-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 5.0)),
            Map.entry("walker2d-medium-expert-v2", new Row(3e-4, 1.0, false, RewardTransform.NONE, 2000, 5.0)),
            Map.entry("antmaze-umaze-v0", new Row(3e-4, 0.5, false, RewardTransform.ANTMAZE, 1000, 2.0)),
            Map.entry("antmaze-umaze-diverse-v0", new Row(3e-4, 2.0, true, RewardTransform.ANTMAZE, 1000, 3.0)),
            Map.entry("antmaze-medium-play-v0", new Row(1e-3, 2.0, true, RewardTransform.ANTMAZE, 1000, 2.0)),
            Map.entry("antmaze-medium-diverse-v0", new Row(3e-4, 3.0, true, RewardTransform.ANTMAZE, 1000, 1.0)),
            Map.entry("antmaze-large-play-v0", new Row(3e-4, 4.5, true, RewardTransform.ANTMAZE, 1000, 10.0)),
            Map.entry("antmaze-large-diverse-v0", new Row(3e-4, 3.5, true, RewardTransform.ANTMAZE, 1000, 7.0)),
            Map.entry("pen-human-v1", new Row(3e-5, 0.15, false, RewardTransform.STANDARDIZE, 1000, 7.0)),
            Map.entry("pen-cloned-v1", new Row(3e-5, 0.1, false, RewardTransform.STANDARDIZE, 1000, 8.0)),
            Map.entry("kitchen-complete-v0", new Row(3e-4, 0.005, false, RewardTransform.NONE, 250, 9.0)),
            Map.entry("kitchen-partial-v0", new Row(3e-4, 0.005, false, RewardTransform.NONE, 1000, 10.0)),
            Map.entry("kitchen-mixed-v0", new Row(3e-4, 0.005, false, RewardTransform.NONE, 1000, 10.0)));

    /** The official defaults (the halfcheetah-medium-v2 row), used for tasks outside the table. */
    public static LegacyDqlConfig defaults() {
        return fromRow(256, 256, TABLE.get("halfcheetah-medium-v2"));
    }

    /**
     * The preset for a task: the official per-task row for the D4RL tasks of the table; for the toy
     * bandit ({@code toy...}) three hidden layers of 64 and batches of 2048 (OFQL paper App. C), 4000
     * steps (100 epochs x 40 batches); the defaults for any other task.
     */
    public static LegacyDqlConfig forTask(String task) {
        String key = task.toLowerCase(Locale.ROOT);
        if (key.startsWith("toy")) {
            return new LegacyDqlConfig(64, 3, 16, 5, 3e-4, 3e-4, 1.0, 0.0, false, 10, 2048, 0.99, 0.005,
                    0.995, 5, 1000, 50, 1.0, RewardTransform.NONE, 4000);
        }
        Row row = TABLE.get(key);
        return row == null ? defaults() : fromRow(256, 256, row);
    }

    /** Whether the task has its own row in the official table. */
    public static boolean hasPreset(String task) {
        return TABLE.containsKey(task.toLowerCase(Locale.ROOT));
    }

    private static LegacyDqlConfig fromRow(int hidden, int batchSize, Row row) {
        return new LegacyDqlConfig(hidden, 3, 16, 5, row.lr(), 3e-4, row.eta(), row.gradNorm(), row.maxQ(), 10,
                batchSize, 0.99, 0.005, 0.995, 5, 1000, 50, 1.0, row.reward(), row.epochs() * 1000L);
    }
}
