package io.ofql.baselines.dql;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import org.testng.annotations.Test;

public class VpScheduleTest {

    @Test
    public void fiveStepsMatchDqlPublishedValues() {
        VpSchedule s = new VpSchedule(5);
        double[] betas = {0.19587, 0.45882, 0.63578, 0.75488, 0.83503};
        double[] alphaBar = {0.80413, 0.43518, 0.15850, 0.03885, 0.00641};
        for (int i = 0; i < 5; i++) {
            assertEquals(s.betas()[i], betas[i], 1e-5, "beta " + i);
            assertEquals(s.alphaBar()[i], alphaBar[i], 1e-5, "alpha_bar " + i);
            assertEquals(s.alphas()[i], 1 - betas[i], 1e-5, "alpha " + i);
        }
    }

    /** The exponents sum to b_min + (b_max - b_min) / 2 whatever T is, so alpha_bar_T = exp(-5.05). */
    @Test
    public void lastAlphaBarIsIndependentOfT() {
        for (int t : new int[] {1, 5, 10, 20, 50}) {
            VpSchedule s = new VpSchedule(t);
            assertEquals(s.alphaBar()[t - 1], Math.exp(-5.05), 1e-12, "T = " + t);
        }
    }

    /**
     * With x_k = sqrt(alpha_bar_k) x0 (zero noise) the posterior mean must be sqrt(alpha_bar_{k-1}) x0,
     * and the law of total variance gives var + coef2^2 (1 - alpha_bar_k) = 1 - alpha_bar_{k-1}.
     */
    @Test
    public void posteriorIsConsistentWithTheMarginals() {
        for (int t : new int[] {5, 10, 50}) {
            VpSchedule s = new VpSchedule(t);
            for (int k = 0; k < t; k++) {
                double mean = s.posteriorMeanCoef1()[k] + s.posteriorMeanCoef2()[k] * s.sqrtAlphaBar(k);
                assertEquals(mean, Math.sqrt(s.alphaBarPrev()[k]), 1e-12, "mean, T = " + t + ", k = " + k);
                double c2 = s.posteriorMeanCoef2()[k];
                double total = s.posteriorVariance()[k] + c2 * c2 * (1 - s.alphaBar()[k]);
                assertEquals(total, 1 - s.alphaBarPrev()[k], 1e-12, "variance, T = " + t + ", k = " + k);
            }
        }
    }

    @Test
    public void firstPosteriorVarianceIsZeroAndItsLogClipped() {
        VpSchedule s = new VpSchedule(5);
        assertEquals(s.alphaBarPrev()[0], 1.0);
        assertEquals(s.posteriorVariance()[0], 0.0);
        assertEquals(s.posteriorLogVarianceClipped()[0], Math.log(1e-20), 1e-9);
        assertEquals(s.posteriorLogVarianceClipped()[3], Math.log(s.posteriorVariance()[3]), 1e-12);
        // x0_hat inverts q(x_k | x0): sqrt(1/ab) (sqrt(ab) x0 + sqrt(1 - ab) e) - sqrt(1/ab - 1) e = x0
        for (int k = 0; k < 5; k++) {
            double x0 = 0.3;
            double e = -1.7;
            double xk = s.sqrtAlphaBar(k) * x0 + s.sqrtOneMinusAlphaBar(k) * e;
            assertEquals(s.sqrtRecipAlphaBar(k) * xk - s.sqrtRecipM1AlphaBar(k) * e, x0, 1e-12);
        }
    }

    @Test
    public void rejectsNonPositiveSteps() {
        assertThrows(IllegalArgumentException.class, () -> new VpSchedule(0));
    }
}
