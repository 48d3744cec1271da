package io.ofql.baselines.cpql;

/**
 * The EDM / Karras parameterisation of a consistency model, as CPQL uses it.
 *
 * <p>Chen, Li and Zhao, "Boosting Continuous Control with Consistency Policy", AAMAS 2024 (arXiv
 * 2310.06343), Sec. 4, after Song et al., "Consistency Models" (2023), Eq. 7, and Karras et al.,
 * "Elucidating the Design Space of Diffusion-Based Generative Models" (2022):
 *
 * <pre>
 *   f_theta(x, sigma, s) = c_skip(sigma) x + c_out(sigma) F_theta(c_in(sigma) x, 250 log(sigma + 1e-44), s)
 *   c_skip(sigma) = sigma_data^2 / ((sigma - sigma_min)^2 + sigma_data^2)
 *   c_out(sigma)  = (sigma - sigma_min) sigma_data / sqrt(sigma^2 + sigma_data^2)
 *   c_in(sigma)   = 1 / sqrt(sigma^2 + sigma_data^2)
 *   sigma_i       = (sigma_max^(1/rho) + i / (N - 1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho,  i = 0..N-1
 *   lambda(sigma) = 1 / sigma^2 + 1 / sigma_data^2
 * </pre>
 *
 * At sigma = sigma_min, c_skip = 1 and c_out = 0 exactly (the subtraction gives an exact zero in
 * floating point), so f(x, sigma_min) = x whatever the network outputs: the boundary condition of
 * a consistency model holds by construction. The Karras sigmas run from sigma_max (i = 0) down to
 * sigma_min (i = N - 1).
 */
public final class EdmScalings {
    /** sigma_data: the assumed standard deviation of actions. */
    public static final double SIGMA_DATA = 0.5;

    public static final double SIGMA_MIN = 0.002;

    public static final double SIGMA_MAX = 80.0;

    public static final double RHO = 7.0;

    /** Number of Karras discretisation points CPQL uses. */
    public static final int POINTS = 40;

    /** Scale of the network's time input, 1000 * 0.25 in the published code. */
    public static final double TIME_SCALE = 250.0;

    private EdmScalings() {}

    public static double cSkip(double sigma) {
        double d = sigma - SIGMA_MIN;
        return SIGMA_DATA * SIGMA_DATA / (d * d + SIGMA_DATA * SIGMA_DATA);
    }

    public static double cOut(double sigma) {
        return (sigma - SIGMA_MIN) * SIGMA_DATA / Math.sqrt(sigma * sigma + SIGMA_DATA * SIGMA_DATA);
    }

    public static double cIn(double sigma) {
        return 1.0 / Math.sqrt(sigma * sigma + SIGMA_DATA * SIGMA_DATA);
    }

    /** The network's time input 250 log(sigma + 1e-44). */
    public static double timeInput(double sigma) {
        return TIME_SCALE * Math.log(sigma + 1e-44);
    }

    /** The Karras weighting lambda(sigma) = 1 / sigma^2 + 1 / sigma_data^2 (the inverse SNR plus a constant). */
    public static double weight(double sigma) {
        return 1.0 / (sigma * sigma) + 1.0 / (SIGMA_DATA * SIGMA_DATA);
    }

    /** The {@code n} Karras sigmas for exponent {@code rho}, from sigma_max down to sigma_min. */
    public static double[] karrasSigmas(int n, double rho) {
        if (n < 2) {
            throw new IllegalArgumentException("the Karras discretisation needs at least 2 points, got " + n);
        }
        if (!(rho > 0)) {
            throw new IllegalArgumentException("rho must be positive, got " + rho);
        }
        double hi = Math.pow(SIGMA_MAX, 1.0 / rho);
        double lo = Math.pow(SIGMA_MIN, 1.0 / rho);
        double[] sigmas = new double[n];
        for (int i = 0; i < n; i++) {
            sigmas[i] = Math.pow(hi + i / (double) (n - 1) * (lo - hi), rho);
        }
        // pow(pow(x, 1/rho), rho) is within an ulp or two of x; the ends are pinned so that the
        // last point is sigma_min exactly and the boundary condition holds there.
        sigmas[0] = SIGMA_MAX;
        sigmas[n - 1] = SIGMA_MIN;
        return sigmas;
    }
}
