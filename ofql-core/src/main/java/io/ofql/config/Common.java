package io.ofql.config;

import io.ofql.data.RewardTransform;
import java.util.Arrays;

/**
 * The settings every algorithm shares, validated once here. Each algorithm's config record has
 * one as its {@code common} component ({@link AlgorithmConfig}), so the trainer reads them typed;
 * a setting an algorithm lacks is a compile error, not a silent default.
 *
 * <p>The shared recipe they parameterise, per seed:
 *
 * <pre>
 *   y     = r' + discount notDone min_i Q'_i(s', a')       r' = reward(r); max over maxQSamples a' per head when maxQBackup
 *   phi   = Adam_criticLr(phi, clip_gradNorm(grad sum_i mean (Q_i(s, a) - y)^2))
 *   theta = Adam_actorLr(theta, clip_gradNorm(grad (L_bc + eta q_loss)))
 *   phi'  = tau phi + (1 - tau) phi'                         (or the algorithm's EMA schedule)
 * </pre>
 *
 * on batches of {@code batchSize} transitions per seed, for {@code trainingSteps} steps, with
 * {@code hidden} x {@code layers} MLPs.
 *
 * @param hidden width of the hidden layers of the policy and the critics
 * @param layers hidden layers of those networks
 * @param actorLr Adam learning rate of the policy
 * @param criticLr Adam learning rate of the critics
 * @param eta weight of the normalised Q term in the policy's loss; 0 leaves pure behaviour cloning
 * @param gradNorm global gradient-norm clip per seed of policy and critics; 0 disables clipping
 * @param maxQBackup back up the max over {@code maxQSamples} next actions per head, then the min
 *     over heads (DQL's AntMaze recipe)
 * @param maxQSamples next actions per state in that backup
 * @param batchSize transitions per seed and step
 * @param discount gamma, in [0, 1)
 * @param tau soft update rate of the target critics, in (0, 1]
 * @param selection how the agent acts at evaluation
 * @param reward the transform the data pipeline applies to the dataset's rewards
 * @param trainingSteps gradient steps of a full run
 */
public record Common(
        int hidden,
        int layers,
        double actorLr,
        double criticLr,
        double eta,
        double gradNorm,
        boolean maxQBackup,
        int maxQSamples,
        int batchSize,
        double discount,
        double tau,
        Selection selection,
        RewardTransform reward,
        long trainingSteps) {

    public Common {
        Checks.positive("hidden", hidden);
        Checks.positive("layers", layers);
        Checks.positive("actorLr", actorLr);
        Checks.positive("criticLr", criticLr);
        Checks.nonNegative("eta", eta);
        Checks.nonNegative("gradNorm", gradNorm);
        Checks.positive("maxQSamples", maxQSamples);
        Checks.positive("batchSize", batchSize);
        Checks.unitOpen("discount", discount);
        Checks.fraction("tau", tau);
        if (selection == null || reward == null) {
            throw new IllegalArgumentException("selection and reward must be set");
        }
        Checks.positive("trainingSteps", trainingSteps);
        if (selection.qScale() == QScale.RETURN_RANGE && reward != RewardTransform.NONE) {
            // The range is of the dataset's own returns (CleanDiffuser's rule), which says nothing
            // about the scale of a critic trained on transformed rewards.
            throw new IllegalArgumentException("qScale return-range needs reward none (it rescales the dataset's own "
                    + "returns), got reward " + reward.cliName() + "; use qScale none");
        }
    }

    /** Next actions per state in the critic's backup: {@code maxQSamples} with the max-Q backup, else 1. */
    public int backupSamples() {
        return maxQBackup ? maxQSamples : 1;
    }

    /** {@code hidden} repeated {@code layers} times: the hidden widths of an MLP. */
    public int[] widths() {
        int[] widths = new int[layers];
        Arrays.fill(widths, hidden);
        return widths;
    }
}
