package io.ofql.collect;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.ofql.InputException;
import io.ofql.env.EnvSpec;
import io.ofql.eval.ExpertPolicy;
import io.ofql.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.testng.annotations.Test;

/**
 * Collections in the Hopper simulator: the D4RL layout's invariants (episodes contiguous, next
 * observation = following observation inside an episode, observation = f(qpos, qvel)), episode
 * returns recomputed from the rewards, the cut at the requested size, and determinism.
 */
public class CollectorTest {
    private static CollectedData random(int n, long seed, int envs) {
        return Collector.builder(EnvSpec.HOPPER, n).optBehaviour(new Behaviour(0, 1)).optSeed(seed).optEnvs(envs)
                .build().collect();
    }

    @Test
    public void randomHopperTransitionsHaveTheD4rlLayout() {
        int n = 500;
        CollectedData d = random(n, 7, 1);
        assertEquals(d.size(), n);
        assertEquals(d.observations().length, n);
        assertEquals(d.qpos()[0].length, 6);
        assertEquals(d.qvel()[0].length, 6);
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertFalse(d.terminals()[i] && d.timeouts()[i], "row " + i);
            if (d.terminals()[i] || d.timeouts()[i]) {
                ends.add(i);
            } else if (i + 1 < n) {
                assertEquals(d.nextObservations()[i], d.observations()[i + 1], "inside an episode, row " + i);
            }
            for (float a : d.actions()[i]) {
                assertTrue(a >= -1 && a <= 1, "row " + i);
            }
            // Hopper's observation: qpos[1:6] and clip(qvel, -10, 10), stored as float32
            for (int k = 0; k < 5; k++) {
                assertEquals(d.observations()[i][k], (float) d.qpos()[i][k + 1], "row " + i);
            }
            for (int k = 0; k < 6; k++) {
                assertEquals(d.observations()[i][5 + k], (float) Math.max(-10, Math.min(10, d.qvel()[i][k])), "row " + i);
            }
        }
        // a random Hopper falls within tens of steps: several terminal episodes, then the cut one
        assertTrue(ends.size() >= 5, "episode ends " + ends);
        assertEquals((int) ends.get(ends.size() - 1), n - 1, "the file ends an episode");
        assertTrue(d.timeouts()[n - 1] && !d.terminals()[n - 1], "the cut episode ends in a time-out");
        double[] returns = d.episodeReturns();
        int[] lengths = d.episodeLengths();
        assertEquals(returns.length, ends.size() - 1, "the cut episode is not complete");
        int start = 0;
        for (int e = 0; e < returns.length; e++) {
            assertTrue(d.terminals()[ends.get(e)], "a random Hopper falls before the time limit");
            double sum = 0;
            for (int i = start; i <= ends.get(e); i++) {
                sum += d.rewards()[i];
            }
            assertEquals(lengths[e], ends.get(e) + 1 - start);
            assertEquals(returns[e], sum, 1e-3, "episode " + e);
            start = ends.get(e) + 1;
        }
        assertEquals(d.returnMean(), Arrays.stream(returns).average().orElseThrow(), 1e-9);
        assertEquals(d.normalizedScore(), 100 * (d.returnMean() + 20.272305) / (3234.3 + 20.272305), 1e-9);
    }

    @Test
    public void theSameSeedGivesTheSameDataForAnyNumberOfSimulators() {
        CollectedData a = random(300, 11, 1);
        CollectedData b = random(300, 11, 4);
        CollectedData c = random(300, 12, 1);
        assertTrue(Arrays.deepEquals(a.observations(), b.observations()));
        assertTrue(Arrays.deepEquals(a.actions(), b.actions()));
        assertTrue(Arrays.deepEquals(a.qvel(), b.qvel()));
        assertEquals(a.rewards(), b.rewards());
        assertEquals(a.terminals(), b.terminals());
        assertEquals(a.timeouts(), b.timeouts());
        assertFalse(Arrays.deepEquals(a.actions(), c.actions()), "another seed, other actions");
    }

    @Test
    public void expertWithNoiseKeepsTheRecordedReturn() {
        ExpertPolicy expert = ExpertPolicy.load(SharedData.cs285("hopper-expert-policy.hdf5"));
        CollectedData d = Collector.builder(EnvSpec.HOPPER, 2000).optPolicy(expert)
                .optBehaviour(Level.EXPERT.behaviour(null, null)).optSeed(0).optEnvs(2).build().collect();
        // two full 1000-step episodes, each ending in a time-out (the expert never falls)
        assertEquals(d.episodeLengths(), new int[] {1000, 1000});
        assertTrue(d.timeouts()[999] && d.timeouts()[1999]);
        for (int i = 0; i < 2000; i++) {
            assertFalse(d.terminals()[i]);
        }
        // recorded: 3770.7 and 3774.6 (shared/data/cs285/README.md)
        assertEquals(d.returnMean(), 3772.65, 0.03 * 3772.65);
    }

    @Test
    public void medium_expertIsMediumThenExpert() {
        CollectedData a = random(120, 1, 1);
        CollectedData b = random(80, 2, 1);
        CollectedData both = CollectedData.concat(a, b);
        assertEquals(both.size(), 200);
        assertEquals(both.observations()[119], a.observations()[119]);
        assertEquals(both.observations()[120], b.observations()[0]);
        assertEquals(both.episodeReturns().length, a.episodeReturns().length + b.episodeReturns().length);
    }

    @Test
    public void badSettingsAreRejected() {
        assertTrue(expectThrows(InputException.class, () -> Collector.builder(EnvSpec.HOPPER, 0).build())
                .getMessage().contains("--transitions 0"));
        assertTrue(expectThrows(InputException.class, () -> Collector.builder(EnvSpec.HOPPER, 10)
                .optBehaviour(new Behaviour(0.1, 0.5)).build()).getMessage().contains("policy is required"));
        ExpertPolicy cheetah = ExpertPolicy.load(SharedData.cs285("halfcheetah-expert-policy.hdf5"));
        String msg = expectThrows(InputException.class, () -> Collector.builder(EnvSpec.HOPPER, 10)
                .optPolicy(cheetah).build()).getMessage();
        assertTrue(msg.contains("17/6") && msg.contains("11/3"), msg);
        assertNotEquals(msg.indexOf("halfcheetah-expert-policy.hdf5"), -1, msg);
    }
}
