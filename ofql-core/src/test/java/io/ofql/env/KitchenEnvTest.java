package io.ofql.env;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.EnumSet;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The kitchen's rules against the facts file (Part B): reset state (B7), observation layout and
 * noise (B5), the action-to-target rule (B4), the completion rule and reward (B7), the 280-step
 * time limit and the score. Expected numbers are written out here from the facts, not read from
 * {@link KitchenEnv}.
 */
public class KitchenEnvTest {
    /** B7's reset qpos. */
    private static final double[] FACTS_QPOS = {
        0.148388023, -1.76848573, 1.84390296, -2.47685760, 0.260252026, 0.712533105, 1.59515394, 0.0479267505,
        0.0371350919, -2.66279850e-04, -5.18043486e-05, 3.12877220e-05, -4.51199853e-05, -3.90842156e-06,
        -4.22629655e-05, 6.28065475e-05, 4.04984708e-05, 4.62730939e-04, -2.26906415e-04, -4.65501369e-04,
        -6.44129196e-03, -1.77048263e-03, 1.08009684e-03, -0.269397440, 0.350383255, 1.61944683, 1.00618764,
        4.06395120e-03, -6.62095997e-03, -2.68278933e-04
    };

    /** B5's noise amplitudes per qpos index. */
    private static final double[] FACTS_NOISE = {
        0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.0005, 0.0005, 0.00005, 0.00005, 0.00005, 0.00005,
        0.00005, 0.00005, 0.0005, 0.0005, 0.0005, 0.01, 0.01, 0.01, 0.0005, 0.0005, 0.0005, 0.01, 0.01, 0.01, 0.0005
    };

    /** B4's effective position-target range of the controller (config pos_bound). */
    private static final double[] LOW = {-2.9, -1.8, -2.9, -3.1, -2.9, 0.0, -2.9, 0.0, 0.0};
    private static final double[] HIGH = {2.9, 1.8, 2.9, 0.0, 2.9, 3.8, 2.9, 0.04, 0.04};

    private KitchenEnv env;
    private KitchenEnv mixed;

    @BeforeClass
    public void compile() {
        env = new KitchenEnv(KitchenEnv.TaskSet.MICROWAVE_KETTLE_LIGHT_SLIDER);
        mixed = new KitchenEnv(KitchenEnv.TaskSet.MICROWAVE_KETTLE_BOTTOMBURNER_LIGHT);
    }

    @AfterClass(alwaysRun = true)
    public void close() {
        env.close();
        mixed.close();
    }

    @Test
    public void resetStateIsTheFactsInitialState() {
        env.reset(3);
        double[] qpos = env.simulator().qpos();
        double[] expected = factsStateAsMujocoHoldsIt();
        for (int i = 0; i < 30; i++) {
            assertEquals(qpos[i], expected[i], 1e-15, "qpos " + i);
        }
        assertEquals(expected[26], 0.99997, 1e-5, "the facts' quaternion has norm 1.0062");
        for (double v : env.simulator().qvel()) {
            assertEquals(v, 0.0, 0.0);
        }
        assertEquals(env.openElements(), EnumSet.of(KitchenElement.MICROWAVE, KitchenElement.KETTLE,
                KitchenElement.LIGHT_SWITCH, KitchenElement.SLIDE_CABINET));
        assertEquals(env.elapsedSteps(), 0);
    }

    @Test
    public void observationIsNoisyQposThenGoal() {
        double[] maxNoise = new double[30];
        for (int seed = 0; seed < 150; seed++) {
            double[] obs = env.reset(seed);
            assertEquals(obs.length, 60);
            double[] qpos = factsStateAsMujocoHoldsIt();
            for (int i = 0; i < 30; i++) {
                double n = Math.abs(obs[i] - qpos[i]);
                assertTrue(n <= FACTS_NOISE[i], "index " + i + " noise " + n);
                maxNoise[i] = Math.max(maxNoise[i], n);
            }
        }
        // 150 uniform draws on [-amp, amp]: the largest |n| falls below 0.9 amp with probability 0.9^150.
        for (int i = 0; i < 30; i++) {
            assertTrue(maxNoise[i] >= 0.9 * FACTS_NOISE[i], "index " + i + " largest noise " + maxNoise[i]);
        }
        double[] goal = new double[30];
        goal[22] = -0.75;
        double[] kettle = {-0.23, 0.75, 1.62, 0.99, 0.0, 0.0, -0.06};
        System.arraycopy(kettle, 0, goal, 23, 7);
        goal[17] = -0.69;
        goal[18] = -0.05;
        goal[19] = 0.37;
        double[] obs = env.reset(7);
        for (int i = 0; i < 30; i++) {
            assertEquals(obs[30 + i], goal[i], 0.0, "goal part, qpos index " + i);
        }
        // kitchen-mixed: the bottom burner instead of the slide cabinet.
        double[] m = mixed.reset(7);
        assertEquals(m[30 + 11], -0.88, 0.0);
        assertEquals(m[30 + 12], -0.01, 0.0);
        assertEquals(m[30 + 19], 0.0, 0.0);
        assertEquals(m[30 + 22], -0.75, 0.0);
    }

    @Test
    public void goalPartStaysConstantDuringAnEpisode() {
        double[] first = env.reset(11);
        double[] action = {0.5, -0.5, 0.5, 0.2, -0.2, 0.3, 0.9, 1, -1};
        for (int t = 0; t < 10; t++) {
            double[] obs = env.step(action).observation();
            for (int i = 30; i < 60; i++) {
                assertEquals(obs[i], first[i], 0.0);
            }
        }
    }

    @Test
    public void controlTargetIsLastObservationPlusClippedVelocityTimesDt() {
        double[] obs = env.reset(5);
        double[] action = {0.3, -0.7, 1.5, -2.0, 0.0, 0.5, -0.25, 1.0, -1.0};
        // Hand computation: v = 2 clip(a); target = clip(obs + 0.08 v) to the config bounds.
        double[] clipped = {0.3, -0.7, 1.0, -1.0, 0.0, 0.5, -0.25, 1.0, -1.0};
        double[] target = env.controlTarget(action);
        for (int i = 0; i < 9; i++) {
            double expected = Math.max(LOW[i], Math.min(HIGH[i], obs[i] + 0.16 * clipped[i]));
            assertEquals(target[i], expected, 1e-15, "joint " + i);
        }
        // Fingers: 0.048 + 0.16 is cut to 0.04, 0.037 - 0.16 to 0.
        assertEquals(target[7], 0.04, 0.0);
        assertEquals(target[8], 0.0, 0.0);
        // After a step the rule builds on the new observation, not on the simulator's exact qpos.
        double[] next = env.step(action).observation();
        double[] hold = env.controlTarget(new double[9]);
        for (int i = 0; i < 9; i++) {
            assertEquals(hold[i], Math.max(LOW[i], Math.min(HIGH[i], next[i])), 0.0, "joint " + i);
        }
        // Joint 4's upper bound 0: from -0.05 a full positive action stops at 0.
        double[] q = FACTS_QPOS.clone();
        q[3] = -0.05;
        env.resetTo(q, new double[29], 5);
        assertEquals(env.controlTarget(new double[] {0, 0, 0, 1, 0, 0, 0, 0, 0})[3], 0.0, 0.0);
    }

    @Test
    public void fingersFollowTheirTargetsToTheStops() {
        env.reset(2);
        double[] open = {0, 0, 0, 0, 0, 0, 0, 1, 1};
        for (int t = 0; t < 10; t++) {
            env.step(open);
        }
        assertEquals(env.simulator().qpos()[7], 0.04, 2e-3);
        assertEquals(env.simulator().qpos()[8], 0.04, 2e-3);
        double[] close = {0, 0, 0, 0, 0, 0, 0, -1, -1};
        for (int t = 0; t < 10; t++) {
            env.step(close);
        }
        assertEquals(env.simulator().qpos()[7], 0.0, 2e-3);
        assertEquals(env.simulator().qpos()[8], 0.0, 2e-3);
    }

    @Test
    public void elementCountsOnlyStrictlyBelowThreshold() {
        env.reset(1);
        double[] obs = new double[60];
        System.arraycopy(FACTS_QPOS, 0, obs, 0, 30);
        // The microwave exactly 0.3 from its goal (found ulp by ulp so that the distance is exact), then one ulp closer.
        double atThreshold = -0.75 + 0.3;
        obs[22] = atThreshold;
        while (KitchenElement.MICROWAVE.distance(obs) > 0.3) {
            obs[22] = atThreshold = Math.nextDown(atThreshold);
        }
        while (KitchenElement.MICROWAVE.distance(obs) < 0.3) {
            obs[22] = atThreshold = Math.nextUp(atThreshold);
        }
        assertEquals(KitchenElement.MICROWAVE.distance(obs), 0.3, 0.0);
        assertEquals(env.complete(obs), 0);
        obs[22] = Math.nextDown(atThreshold);
        assertTrue(KitchenElement.MICROWAVE.distance(obs) < 0.3);
        assertEquals(env.complete(obs), 1);
        assertEquals(env.complete(obs), 0, "an element counts only once");
        // Two-index element: (0.18, 0.24) from the goal is 0.3 away; just outside and just inside.
        obs[17] = -0.69 + 0.18;
        obs[18] = -0.05 + 0.24 + 1e-9;
        assertFalse(KitchenElement.LIGHT_SWITCH.satisfied(obs));
        obs[18] = -0.05 + 0.24 - 1e-9;
        assertTrue(KitchenElement.LIGHT_SWITCH.satisfied(obs));
        assertEquals(env.complete(obs), 1);
        // The top burner is not one of this task's elements: satisfying it pays nothing.
        obs[15] = -0.92;
        obs[16] = -0.01;
        assertEquals(env.complete(obs), 0);
        assertEquals(env.openElements(), EnumSet.of(KitchenElement.KETTLE, KitchenElement.SLIDE_CABINET));
    }

    @Test
    public void drivenJointStateCompletesOnceThenEndsWhenAllFourAreDone() {
        double[] q = FACTS_QPOS.clone();
        q[22] = -0.75; // microwave open
        q[19] = 0.37; // slide cabinet open
        env.resetTo(q, new double[29], 9);
        Environment.Step s = env.step(new double[9]);
        assertEquals(s.reward(), 2.0);
        assertFalse(s.done());
        s = env.step(new double[9]);
        assertEquals(s.reward(), 0.0, "already completed elements pay once");
        assertEquals(env.openElements(), EnumSet.of(KitchenElement.KETTLE, KitchenElement.LIGHT_SWITCH));

        // All four at their goals: kettle on the back-left burner, light switch (and the coupled light) turned.
        q[17] = -0.69;
        q[18] = -0.69 / 14;
        q[23] = -0.23;
        q[24] = 0.75;
        q[25] = 1.62;
        double norm = Math.hypot(0.99, 0.06);
        q[26] = 0.99 / norm;
        q[27] = 0;
        q[28] = 0;
        q[29] = -0.06 / norm;
        env.resetTo(q, new double[29], 9);
        s = env.step(new double[9]);
        assertEquals(s.reward(), 4.0);
        assertTrue(s.terminal());
        assertFalse(s.timeout());
        assertEquals(env.normalizedScore(4.0), 100.0, 0.0);
    }

    @Test
    public void episodeTimesOutAtStep280() {
        env.reset(4);
        double ret = 0;
        for (int t = 1; t < 280; t++) {
            Environment.Step s = env.step(new double[9]);
            assertFalse(s.done(), "step " + t);
            ret += s.reward();
        }
        Environment.Step last = env.step(new double[9]);
        assertTrue(last.timeout());
        assertFalse(last.terminal());
        assertEquals(env.elapsedSteps(), 280);
        assertEquals(ret + last.reward(), 0.0, "standing still completes nothing");
        assertEquals(env.maxEpisodeSteps(), 280);
    }

    @Test
    public void scoreIsTwentyFivePerElement() {
        assertEquals(env.normalizedScore(0), 0.0, 0.0);
        assertEquals(env.normalizedScore(1), 25.0, 0.0);
        assertEquals(env.normalizedScore(3), 75.0, 0.0);
        assertEquals(env.id(), "kitchen");
        assertEquals(env.observationDim(), 60);
        assertEquals(env.actionDim(), 9);
    }

    @Test
    public void sameSeedSameEpisodeOtherSeedDiffers() {
        double[] action = {0.2, 0.1, -0.3, 0.4, 0.0, -0.2, 0.5, 0.3, -0.3};
        double[] a = run(21, action);
        double[] b = run(21, action);
        double[] c = run(22, action);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    public void badActionsAreRefused() {
        try (KitchenEnv fresh = new KitchenEnv(KitchenEnv.TaskSet.MICROWAVE_KETTLE_LIGHT_SLIDER)) {
            expectThrows(IllegalStateException.class, () -> fresh.step(new double[9]));
            fresh.reset(0);
            expectThrows(IllegalArgumentException.class, () -> fresh.step(new double[8]));
            double[] nan = new double[9];
            nan[4] = Double.NaN;
            expectThrows(IllegalArgumentException.class, () -> fresh.step(nan));
        }
    }

    /**
     * B7's state with the kettle quaternion normalised: MuJoCo 2.2.2 normalises free-joint
     * quaternions in qpos during the forward pass that follows every reset.
     */
    private static double[] factsStateAsMujocoHoldsIt() {
        double[] q = FACTS_QPOS.clone();
        double norm = Math.sqrt(q[26] * q[26] + q[27] * q[27] + q[28] * q[28] + q[29] * q[29]);
        for (int i = 26; i < 30; i++) {
            q[i] /= norm;
        }
        return q;
    }

    private double[] run(long seed, double[] action) {
        env.reset(seed);
        double[] obs = null;
        for (int t = 0; t < 20; t++) {
            obs = env.step(action).observation();
        }
        return obs;
    }
}
