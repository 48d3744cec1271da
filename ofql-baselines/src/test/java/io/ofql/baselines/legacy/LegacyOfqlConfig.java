package io.ofql.baselines.legacy;

import io.ofql.config.Checks;
import io.ofql.data.RewardTransform;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of One-Step Flow Q-Learning (Nguyen and Yoo, ICLR 2026, arXiv 2508.13904), with
 * the paper's defaults and per-task presets ({@link #forTask}).
 *
 * <p>Where the paper is silent the values follow DQL's published code (targets, EMA schedule,
 * gradient-norm clipping per task, max-Q backup on AntMaze) or CleanDiffuser's evaluation sampler
 * (candidate noise 0.5); see {@code docs/ofql.md}.
 *
 * @param hidden width of the policy's and the critics' hidden layers (256; 64 on the toy bandit)
 * @param layers hidden layers of those networks (3)
 * @param embedding size of each sinusoidal time embedding, of t and of r (64)
 * @param actorLr Adam learning rate of the policy (3e-4)
 * @param criticLr Adam learning rate of the critics (3e-4)
 * @param eta weight of the normalised Q term, L = L_FBC + eta q_loss (per task, from the paper's
 *     grid {0.001, 0.01, 0.1, 0.3, 0.5})
 * @param gradNorm global gradient-norm clip of policy and critics per seed (DQL's per-task value);
 *     0 disables clipping
 * @param maxQBackup back up max over {@code maxQSamples} next actions per head, then min over heads
 * @param maxQSamples next actions per state in the max-Q backup (10)
 * @param batchSize transitions per member and step (256; 2048 on the toy bandit)
 * @param discount gamma (0.99)
 * @param tau soft update rate of the target critics, every step (0.005)
 * @param emaDecay decay of the EMA (target) policy (0.995)
 * @param emaEvery steps between EMA updates (5)
 * @param emaStart first step of EMA updates; before it the EMA policy keeps its initial weights (1000)
 * @param flowRatio fraction of each batch trained with r = t (plain flow matching) (0.5)
 * @param timeMean mean of the normal whose sigmoid gives t and r (logit-normal, -0.4)
 * @param timeStd standard deviation of that normal (1.0)
 * @param adaptivePower power p of MeanFlow's adaptive loss weight sg(1 / (||u - u_tgt||^2 + 1e-3)^p)
 *     (Geng et al. 2025, "Mean Flows for One-step Generative Modeling", Sec. 4.3); 0 is the plain
 *     squared error of Eq. 14, the only form the OFQL paper states (default); 1 on the toy bandit
 * @param candidates actions drawn per state when acting with selection by Q (50)
 * @param temperature weight of Q in softmax(Q * temperature) at selection (per task)
 * @param candidateNoise scale of the initial noise of selection candidates (0.5, CleanDiffuser)
 * @param selectByQ whether evaluation selects among candidates by Q (true) or takes the plain
 *     one-step action
 * @param reward reward transform the data pipeline applies ({@link RewardTransform} names)
 * @param trainingSteps gradient steps of a full run (2M locomotion, 1M AntMaze and Kitchen)
 */
public record LegacyOfqlConfig(
        int hidden,
        int layers,
        int embedding,
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
        double flowRatio,
        double timeMean,
        double timeStd,
        double adaptivePower,
        int candidates,
        double temperature,
        double candidateNoise,
        boolean selectByQ,
        String reward,
        long trainingSteps) {

    public LegacyOfqlConfig {
        Checks.positive("hidden", hidden);
        Checks.positive("layers", layers);
        if (embedding < 4 || embedding % 2 != 0) {
            throw new IllegalArgumentException("embedding must be even and >= 4, got " + embedding);
        }
        Checks.positive("actorLr", actorLr);
        Checks.positive("criticLr", criticLr);
        Checks.nonNegative("eta", eta);
        Checks.nonNegative("gradNorm", gradNorm);
        Checks.positive("maxQSamples", maxQSamples);
        Checks.positive("batchSize", batchSize);
        Checks.unit("discount", discount);
        Checks.unit("tau", tau);
        Checks.unit("emaDecay", emaDecay);
        Checks.positive("emaEvery", emaEvery);
        Checks.nonNegative("emaStart", emaStart);
        Checks.unit("flowRatio", flowRatio);
        if (!Double.isFinite(timeMean)) {
            throw new IllegalArgumentException("timeMean must be finite, got " + timeMean);
        }
        Checks.positive("timeStd", timeStd);
        Checks.nonNegative("adaptivePower", adaptivePower);
        Checks.positive("candidates", candidates);
        Checks.positive("temperature", temperature);
        Checks.positive("candidateNoise", candidateNoise);
        try {
            RewardTransform.parse(reward);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("reward: " + e.getMessage(), e);
        }
        Checks.positive("trainingSteps", trainingSteps);
    }


    /** The paper's defaults for MuJoCo locomotion (eta 0.5, DQL's grad-norm 9, temperature 50). */
    public static LegacyOfqlConfig defaults() {
        return new LegacyOfqlConfig(256, 3, 64, 3e-4, 3e-4, 0.5, 9.0, false, 10, 256, 0.99, 0.005, 0.995, 5, 1000,
                0.5, -0.4, 1.0, 0.0, 50, 50.0, 0.5, true, "none", 2_000_000L);
    }

    /** Per-task values: eta (our pick from the paper's grid), DQL's grad-norm, the paper's temperature. */
    private record Preset(double eta, double gradNorm, double temperature) {}

    private static final Map<String, Preset> PRESETS = Map.ofEntries(
            Map.entry("halfcheetah-medium", new Preset(0.5, 9.0, 50)),
            Map.entry("hopper-medium", new Preset(0.5, 9.0, 100)),
            Map.entry("walker2d-medium", new Preset(0.5, 1.0, 300)),
            Map.entry("halfcheetah-medium-replay", new Preset(0.5, 2.0, 50)),
            Map.entry("hopper-medium-replay", new Preset(0.5, 4.0, 100)),
            Map.entry("walker2d-medium-replay", new Preset(0.5, 4.0, 300)),
            Map.entry("halfcheetah-medium-expert", new Preset(0.1, 7.0, 50)),
            Map.entry("hopper-medium-expert", new Preset(0.1, 5.0, 8)),
            Map.entry("walker2d-medium-expert", new Preset(0.1, 5.0, 300)),
            Map.entry("antmaze-medium-play", new Preset(0.5, 2.0, 10)),
            Map.entry("antmaze-medium-diverse", new Preset(0.5, 1.0, 5)),
            Map.entry("antmaze-large-play", new Preset(0.5, 10.0, 5)),
            Map.entry("antmaze-large-diverse", new Preset(0.5, 7.0, 10)),
            Map.entry("kitchen-partial", new Preset(0.01, 10.0, 3)),
            Map.entry("kitchen-mixed", new Preset(0.01, 10.0, 3)));

    /**
     * The preset for a task name (a D4RL name with or without its {@code -vN} suffix, or
     * {@code toy-bandit}). Tasks of the paper's Table 1 get their own row; another dataset of a known
     * domain gets that domain's "medium" row (AntMaze: medium-play, Kitchen: partial); anything
     * else the defaults. AntMaze uses the max-Q backup, the (r - 0.5) * 4 reward and 1M steps,
     * Kitchen 1M steps.
     *
     * <p>{@code toy-bandit}: 3 x 64 hidden, batches of 2048, 4000 steps (App. C: 100 epochs x 40
     * batches), no clipping. Measured choices (docs/ofql.md): MeanFlow's adaptive loss weight (p = 1)
     * and actor lr 2e-3 (critic 1e-3), with which one-step BC reaches the clusters within the budget
     * (plain Eq. 14 at 3e-4 put 43% of the actions near a centre, 93% with these); eta 0.01 (at 0.05
     * and above the Q term drives the one-step actions out of the data's support) and selection
     * temperature 5 (in the paper's range 3-300).
     */
    public static LegacyOfqlConfig forTask(String task) {
        String key = task.toLowerCase(Locale.ROOT).replaceAll("-v\\d+$", "");
        LegacyOfqlConfig base = defaults();
        if (key.startsWith("toy")) {
            return new LegacyOfqlConfig(64, 3, 64, 2e-3, 1e-3, 0.01, 0.0, false, 10, 2048, 0.99, 0.005, 0.995, 5, 1000,
                    0.5, -0.4, 1.0, 1.0, 50, 5.0, 0.5, true, "none", 4000L);
        }
        String domain = key.contains("-") ? key.substring(0, key.indexOf('-')) : key;
        Preset preset = PRESETS.get(key);
        if (preset == null) {
            preset = PRESETS.get(switch (domain) {
                case "antmaze" -> "antmaze-medium-play";
                case "kitchen" -> "kitchen-partial";
                default -> domain + "-medium";
            });
        }
        if (preset == null) {
            return base;
        }
        boolean antmaze = domain.equals("antmaze");
        boolean longRun = !(antmaze || domain.equals("kitchen"));
        return new LegacyOfqlConfig(base.hidden, base.layers, base.embedding, base.actorLr, base.criticLr, preset.eta,
                preset.gradNorm, antmaze && !key.equals("antmaze-umaze"), base.maxQSamples, base.batchSize,
                base.discount, base.tau, base.emaDecay, base.emaEvery, base.emaStart, base.flowRatio, base.timeMean,
                base.timeStd, base.adaptivePower, base.candidates, preset.temperature, base.candidateNoise, base.selectByQ,
                antmaze ? "antmaze" : "none", longRun ? 2_000_000L : 1_000_000L);
    }
}
