package io.ofql.baselines.cpql;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class EdmScalingsTest {

    @Test
    public void boundaryConditionIsExactAtSigmaMin() {
        double[] sigmas = EdmScalings.karrasSigmas(EdmScalings.POINTS, EdmScalings.RHO);
        double last = sigmas[sigmas.length - 1];
        assertEquals(last, EdmScalings.SIGMA_MIN);
        assertEquals(EdmScalings.cSkip(last), 1.0, 0.0);
        assertEquals(EdmScalings.cOut(last), 0.0, 0.0);
        // c_skip x + c_out F = x exactly, however large F is
        double x = 0.123456789;
        assertEquals(EdmScalings.cSkip(last) * x + EdmScalings.cOut(last) * 1e6, x, 0.0);
    }

    @Test
    public void karrasSigmasFollowTheClosedForm() {
        double[] s = EdmScalings.karrasSigmas(EdmScalings.POINTS, EdmScalings.RHO);
        assertEquals(s.length, 40);
        assertEquals(s[0], 80.0, 0.0);
        double hi = Math.pow(80.0, 1 / 7.0);
        double lo = Math.pow(0.002, 1 / 7.0);
        // the midpoint in rho-space, i = 20 of 0..39
        assertEquals(s[20], Math.pow(hi + 20.0 / 39.0 * (lo - hi), 7.0), 1e-12);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] < s[i - 1], "sigmas decrease at " + i);
        }
    }

    @Test
    public void scalingsAtLargeSigmaHandOver() {
        // hand-computed at sigma = 80: c_skip = 0.25 / (79.998^2 + 0.25), c_out ~ 0.5 * 79.998 / 80.0016
        assertEquals(EdmScalings.cSkip(80), 0.25 / (79.998 * 79.998 + 0.25), 1e-15);
        assertEquals(EdmScalings.cOut(80), 79.998 * 0.5 / Math.sqrt(6400.25), 1e-12);
        assertEquals(EdmScalings.cIn(80), 1 / Math.sqrt(6400.25), 1e-15);
        assertEquals(EdmScalings.cIn(0), 2.0, 1e-15);
        assertEquals(EdmScalings.weight(0.5), 8.0, 1e-12);
        assertEquals(EdmScalings.timeInput(1.0), 0.0, 1e-12);
    }
}
