package io.ofql.baselines.dql;

/**
 * The "vp" (variance-preserving) noise schedule of Diffusion Q-Learning for any number of steps
 * T, with every coefficient the forward process, the training loss and the ancestral sampler
 * need. Computed once on the host in double precision; indices run over k = 0..T-1, where index
 * k is diffusion step k + 1 of the paper.
 *
 * <p>Wang, Hunt and Zhou, "Diffusion Policies as an Expressive Policy Class for Offline
 * Reinforcement Learning", ICLR 2023 (arXiv 2208.06193), Sec. 3 and App. (the discretised VP SDE
 * of Song et al. 2021):
 *
 * <pre>
 *   beta_k          = 1 - exp(-b_min / T - 0.5 (b_max - b_min)(2k - 1) / T^2),  k = 1..T
 *   alpha_k         = 1 - beta_k,   alpha_bar_k = prod_{i <= k} alpha_i,  alpha_bar_0 = 1
 *   q(x_k | x_0)    = N(sqrt(alpha_bar_k) x_0, (1 - alpha_bar_k) I)
 *   x0_hat          = sqrt(1 / alpha_bar_k) x_k - sqrt(1 / alpha_bar_k - 1) eps_theta
 *   posterior mean  = coef1_k x0_hat + coef2_k x_k
 *   coef1_k         = beta_k sqrt(alpha_bar_{k-1}) / (1 - alpha_bar_k)
 *   coef2_k         = (1 - alpha_bar_{k-1}) sqrt(alpha_k) / (1 - alpha_bar_k)
 *   posterior var   = beta_k (1 - alpha_bar_{k-1}) / (1 - alpha_bar_k),  log clipped at 1e-20
 * </pre>
 *
 * With T = 5: betas ~ [0.19587, 0.45882, 0.63578, 0.75488, 0.83503] and alpha_bar ~ [0.80413,
 * 0.43518, 0.15850, 0.03885, 0.00641]. The first posterior variance is 0 (alpha_bar_0 = 1), which
 * is why its log is clipped; the sampler adds no noise at that last reverse step anyway.
 */
public final class VpSchedule {
    /** b_min and b_max of the VP SDE as DQL sets them. */
    public static final double BETA_MIN = 0.1;

    public static final double BETA_MAX = 10.0;

    /** Floor of the posterior variance before its log is taken. */
    public static final double LOG_VARIANCE_FLOOR = 1e-20;

    private final int steps;
    private final double[] betas;
    private final double[] alphas;
    private final double[] alphaBar;
    private final double[] alphaBarPrev;
    private final double[] posteriorVariance;
    private final double[] posteriorLogVarianceClipped;
    private final double[] posteriorMeanCoef1;
    private final double[] posteriorMeanCoef2;

    /**
     * @param steps the number of diffusion steps T (at least 1)
     */
    public VpSchedule(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps (T) must be at least 1, got " + steps);
        }
        this.steps = steps;
        betas = new double[steps];
        alphas = new double[steps];
        alphaBar = new double[steps];
        alphaBarPrev = new double[steps];
        posteriorVariance = new double[steps];
        posteriorLogVarianceClipped = new double[steps];
        posteriorMeanCoef1 = new double[steps];
        posteriorMeanCoef2 = new double[steps];
        double t = steps;
        double product = 1.0;
        for (int i = 0; i < steps; i++) {
            int k = i + 1;
            double alpha = Math.exp(-BETA_MIN / t - 0.5 * (BETA_MAX - BETA_MIN) * (2.0 * k - 1.0) / (t * t));
            alphas[i] = alpha;
            betas[i] = 1.0 - alpha;
            alphaBarPrev[i] = product;
            product *= alpha;
            alphaBar[i] = product;
            double oneMinus = 1.0 - alphaBar[i];
            posteriorVariance[i] = betas[i] * (1.0 - alphaBarPrev[i]) / oneMinus;
            posteriorLogVarianceClipped[i] = Math.log(Math.max(posteriorVariance[i], LOG_VARIANCE_FLOOR));
            posteriorMeanCoef1[i] = betas[i] * Math.sqrt(alphaBarPrev[i]) / oneMinus;
            posteriorMeanCoef2[i] = (1.0 - alphaBarPrev[i]) * Math.sqrt(alpha) / oneMinus;
        }
    }

    /** T. */
    public int steps() {
        return steps;
    }

    public double[] betas() {
        return betas.clone();
    }

    public double[] alphas() {
        return alphas.clone();
    }

    public double[] alphaBar() {
        return alphaBar.clone();
    }

    /** alpha_bar_{k-1}, with alpha_bar_0 = 1 at index 0. */
    public double[] alphaBarPrev() {
        return alphaBarPrev.clone();
    }

    public double[] posteriorVariance() {
        return posteriorVariance.clone();
    }

    /** log(max(posterior variance, 1e-20)). */
    public double[] posteriorLogVarianceClipped() {
        return posteriorLogVarianceClipped.clone();
    }

    /** The factor of x0_hat in the posterior mean. */
    public double[] posteriorMeanCoef1() {
        return posteriorMeanCoef1.clone();
    }

    /** The factor of x_k in the posterior mean. */
    public double[] posteriorMeanCoef2() {
        return posteriorMeanCoef2.clone();
    }

    /** sqrt(alpha_bar_k): the data factor of q(x_k | x_0). */
    public double sqrtAlphaBar(int index) {
        return Math.sqrt(alphaBar[index]);
    }

    /** sqrt(1 - alpha_bar_k): the noise factor of q(x_k | x_0). */
    public double sqrtOneMinusAlphaBar(int index) {
        return Math.sqrt(1.0 - alphaBar[index]);
    }

    /** sqrt(1 / alpha_bar_k): the factor of x_k in x0_hat. */
    public double sqrtRecipAlphaBar(int index) {
        return Math.sqrt(1.0 / alphaBar[index]);
    }

    /** sqrt(1 / alpha_bar_k - 1): the factor of the predicted noise in x0_hat. */
    public double sqrtRecipM1AlphaBar(int index) {
        return Math.sqrt(1.0 / alphaBar[index] - 1.0);
    }

    /** exp(0.5 log var): the standard deviation of the noise added at reverse step k. */
    public double posteriorStd(int index) {
        return Math.exp(0.5 * posteriorLogVarianceClipped[index]);
    }
}
