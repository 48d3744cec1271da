package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;

import org.testng.annotations.Test;

/** Sizes and normalized scores, against the values in envs.md (name lookup: EnvironmentsTest). */
public class EnvSpecTest {
    @Test
    public void idsSelectTheirEnvironmentIgnoringCase() {
        assertSame(EnvSpec.forId("hopper"), EnvSpec.HOPPER);
        assertSame(EnvSpec.forId("halfcheetah"), EnvSpec.HALFCHEETAH);
        assertSame(EnvSpec.forId("walker2d"), EnvSpec.WALKER2D);
        assertSame(EnvSpec.forId("ant"), EnvSpec.ANT);
        assertSame(EnvSpec.forId("Hopper"), EnvSpec.HOPPER);
    }

    @Test
    public void unknownIdListsTheKnownEnvironments() {
        InputException e = expectThrows(InputException.class, () -> EnvSpec.forId("antmaze-umaze"));
        assertTrue(e.getMessage().contains("antmaze-umaze"), e.getMessage());
        assertTrue(e.getMessage().contains("hopper, halfcheetah, walker2d, ant"), e.getMessage());
    }

    @Test
    public void sizesFollowTheModels() {
        assertEquals(EnvSpec.HOPPER.observationDim(), 11);
        assertEquals(EnvSpec.HALFCHEETAH.observationDim(), 17);
        assertEquals(EnvSpec.WALKER2D.observationDim(), 17);
        // Ant: qpos[2:15] (13) + qvel (14) + 14 bodies x 6 contact forces (84).
        assertEquals(EnvSpec.ANT.observationDim(), 13 + 14 + 84);
        assertEquals(EnvSpec.ANT.actionDim(), 8);
    }

    @Test
    public void normalizedScoreIsZeroAtRefMinAndHundredAtRefMax() {
        for (EnvSpec spec : EnvSpec.values()) {
            assertEquals(spec.normalizedScore(spec.refMin()), 0.0, 1e-12);
            assertEquals(spec.normalizedScore(spec.refMax()), 100.0, 1e-9);
        }
        // Hopper, by hand: 100 * 1020.272305 / 3254.572305 = 31.348890...
        assertEquals(EnvSpec.HOPPER.normalizedScore(1000.0), 31.348890, 1e-5);
    }
}
