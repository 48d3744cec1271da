package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/**
 * Walker2d and Ant have no recordings, so they are checked against invariants that follow from
 * the facts: sizes, initial heights, each healthy rule violated on its own, the time-out, and
 * Ant's zero contact forces. Hopper's and HalfCheetah's structural checks sit here too.
 */
public class WalkerAntInvariantsTest {
    @Test
    public void compiledSizesAndInitialHeights() {
        try (MujocoEnv walker = new MujocoEnv(EnvSpec.WALKER2D); MujocoEnv ant = new MujocoEnv(EnvSpec.ANT)) {
            assertEquals(walker.reset(1).length, 17);
            assertEquals(ant.reset(1).length, 111);
            Simulator w = walker.simulator();
            // rootz has ref 1.25, so qpos0 z = 1.25 and the torso frame sits at its pos, 1.25.
            assertEquals(w.qpos0()[1], 1.25, 0.0);
            walker.resetTo(w.qpos0(), new double[9]);
            assertEquals(w.xpos(w.bodyId("torso"))[2], 1.25, 1e-12);
            Simulator a = ant.simulator();
            assertEquals(a.nbody(), 14);
            double[] q0 = a.qpos0();
            assertEquals(q0[2], 0.75, 0.0);
            assertEquals(q0[3], 1.0, 0.0); // identity quaternion
            assertEquals(ant.dt(), 0.05, 1e-15);
            assertEquals(walker.dt(), 0.008, 1e-15);
        }
    }

    @Test
    public void halfCheetahTotalMassIsSetTo14() {
        try (MujocoEnv cheetah = new MujocoEnv(EnvSpec.HALFCHEETAH)) {
            assertEquals(cheetah.simulator().totalMass(), 14.0, 1e-9);
        }
    }

    @Test
    public void resetNoiseStaysWithinItsBounds() {
        try (MujocoEnv hopper = new MujocoEnv(EnvSpec.HOPPER)) {
            double[] q0 = hopper.simulator().qpos0();
            hopper.reset(42);
            double[] q = hopper.simulator().qpos();
            double[] v = hopper.simulator().qvel();
            boolean moved = false;
            for (int i = 0; i < q.length; i++) {
                assertTrue(Math.abs(q[i] - q0[i]) <= 5e-3, "qpos noise " + (q[i] - q0[i]));
                assertTrue(Math.abs(v[i]) <= 5e-3, "qvel noise " + v[i]);
                moved |= q[i] != q0[i];
            }
            assertTrue(moved, "reset added no noise");
        }
    }

    @Test
    public void walkerHealthyRule() {
        double[] v = new double[9];
        assertTrue(EnvSpec.WALKER2D.healthy(walker(1.25, 0.0), v));
        assertFalse(EnvSpec.WALKER2D.healthy(walker(0.8, 0.0), v), "z must exceed 0.8");
        assertFalse(EnvSpec.WALKER2D.healthy(walker(2.0, 0.0), v), "z must stay below 2");
        assertFalse(EnvSpec.WALKER2D.healthy(walker(1.25, 1.0), v), "angle must stay below 1");
        assertFalse(EnvSpec.WALKER2D.healthy(walker(1.25, -1.0), v), "angle must stay above -1");
        assertTrue(EnvSpec.WALKER2D.healthy(walker(0.81, 0.99), v));
        // Through a real step: a walker started lying low ends the episode as terminal.
        try (MujocoEnv env = new MujocoEnv(EnvSpec.WALKER2D)) {
            env.resetTo(walker(0.5, 0.0), v);
            Environment.Step s = env.step(new double[6]);
            assertTrue(s.terminal());
            assertFalse(s.timeout());
            // The healthy bonus is paid on the terminating step as well: reward = dx/dt + 1 here.
            assertTrue(s.reward() > 0.5, "reward " + s.reward());
        }
    }

    @Test
    public void antHealthyRule() {
        double[] q = new double[15];
        q[3] = 1.0;
        double[] v = new double[14];
        q[2] = 0.2;
        assertTrue(EnvSpec.ANT.healthy(q, v), "z = 0.2 is healthy");
        q[2] = 1.0;
        assertTrue(EnvSpec.ANT.healthy(q, v), "z = 1.0 is healthy");
        q[2] = 0.19;
        assertFalse(EnvSpec.ANT.healthy(q, v));
        q[2] = 1.01;
        assertFalse(EnvSpec.ANT.healthy(q, v));
        q[2] = 0.5;
        v[7] = Double.NaN;
        assertFalse(EnvSpec.ANT.healthy(q, v), "a non-finite state is unhealthy");
        v[7] = 0;
        q[9] = Double.POSITIVE_INFINITY;
        assertFalse(EnvSpec.ANT.healthy(q, v));
    }

    @Test
    public void hopperHealthyRule() {
        double[] v = new double[6];
        assertTrue(EnvSpec.HOPPER.healthy(new double[] {0, 1.25, 0, 0, 0, 0}, v));
        assertFalse(EnvSpec.HOPPER.healthy(new double[] {0, 0.7, 0, 0, 0, 0}, v), "z must exceed 0.7");
        assertFalse(EnvSpec.HOPPER.healthy(new double[] {0, 1.25, 0.2, 0, 0, 0}, v), "|angle| < 0.2");
        assertFalse(EnvSpec.HOPPER.healthy(new double[] {0, 1.25, 0, 0, 0, 0}, new double[] {0, 0, 0, 100, 0, 0}));
        // x (qpos[0]) and z are exempt from the |s| < 100 bound.
        assertTrue(EnvSpec.HOPPER.healthy(new double[] {500, 1.25, 0, 0, 0, 0}, v));
    }

    @Test
    public void antStandsUntilTheTimeOutWithZeroContactForces() {
        try (MujocoEnv env = new MujocoEnv(EnvSpec.ANT)) {
            env.reset(3);
            Environment.Step s = null;
            int maxContacts = 0;
            for (int t = 1; t <= EnvSpec.MAX_EPISODE_STEPS; t++) {
                s = env.step(new double[8]);
                double[] obs = s.observation();
                for (int k = 27; k < 111; k++) {
                    assertEquals(obs[k], 0.0, 0.0, "contact force entry " + k + " at step " + t);
                }
                maxContacts = Math.max(maxContacts, env.simulator().contactCount());
                if (t < EnvSpec.MAX_EPISODE_STEPS) {
                    assertFalse(s.done(), "episode ended early at step " + t);
                }
            }
            assertTrue(s.timeout(), "step 1000 is a time-out");
            assertFalse(s.terminal(), "a time-out is not a terminal");
            // It dropped from 0.75 onto its legs: contacts existed while cfrc_ext stayed 0.
            assertTrue(maxContacts > 0, "the ant never touched the floor");
        }
    }

    @Test
    public void actionsAreClippedBeforeTheControlCost() {
        try (MujocoEnv a = new MujocoEnv(EnvSpec.HALFCHEETAH); MujocoEnv b = new MujocoEnv(EnvSpec.HALFCHEETAH)) {
            a.reset(5);
            b.reset(5);
            Environment.Step big = a.step(new double[] {3, -3, 3, -3, 3, -3});
            Environment.Step unit = b.step(new double[] {1, -1, 1, -1, 1, -1});
            assertEquals(big.reward(), unit.reward(), 0.0);
            assertEquals(big.observation(), unit.observation());
        }
    }

    private static double[] walker(double z, double angle) {
        double[] q = new double[9];
        q[1] = z;
        q[2] = angle;
        return q;
    }
}
