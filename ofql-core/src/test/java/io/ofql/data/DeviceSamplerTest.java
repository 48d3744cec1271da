package io.ofql.data;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.nn.Seeding;
import java.util.Arrays;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class DeviceSamplerTest {
    private NDManager base;

    @BeforeClass
    public void openManager() {
        base = NDManager.newBaseManager();
    }

    @AfterClass(alwaysRun = true)
    public void closeManager() {
        base.close();
    }

    /**
     * n transitions whose every field encodes its index i: observation (i, -i), action 2i, reward
     * 3i, next observation (i + 0.5, 7), notDone 1 for even i and 0 for odd i.
     */
    private static Transitions indexed(int n) {
        float[] obs = new float[2 * n];
        float[] act = new float[n];
        float[] rew = new float[n];
        float[] next = new float[2 * n];
        float[] notDone = new float[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = i;
            obs[2 * i + 1] = -i;
            act[i] = 2 * i;
            rew[i] = 3 * i;
            next[2 * i] = i + 0.5f;
            next[2 * i + 1] = 7;
            notDone[i] = i % 2 == 0 ? 1 : 0;
        }
        return Transitions.of(2, 1, obs, act, rew, next, notDone);
    }

    /** The sampled indices, read back from the first observation column. */
    private static int[] indices(Batch batch) {
        float[] obs = batch.observations().toFloatArray();
        int[] idx = new int[obs.length / 2];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = (int) obs[2 * k];
        }
        return idx;
    }

    @Test
    public void batchesHaveEnsembleShapesAndAlignedRows() {
        try (DeviceSampler sampler = new DeviceSampler(indexed(50), base);
                NDManager step = base.newSubManager()) {
            Batch b = sampler.sample(step, 3, 8);
            assertEquals(b.observations().getShape(), new Shape(3, 8, 2));
            assertEquals(b.actions().getShape(), new Shape(3, 8, 1));
            assertEquals(b.rewards().getShape(), new Shape(3, 8, 1));
            assertEquals(b.nextObservations().getShape(), new Shape(3, 8, 2));
            assertEquals(b.notDone().getShape(), new Shape(3, 8, 1));
            for (NDArray a : new NDArray[] {b.observations(), b.actions(), b.rewards(), b.nextObservations(),
                b.notDone()}) {
                assertTrue(a.getManager() == step, "every batch array belongs to the step's manager");
            }
            int[] idx = indices(b);
            float[] obs = b.observations().toFloatArray();
            float[] act = b.actions().toFloatArray();
            float[] rew = b.rewards().toFloatArray();
            float[] next = b.nextObservations().toFloatArray();
            float[] notDone = b.notDone().toFloatArray();
            for (int k = 0; k < idx.length; k++) {
                int i = idx[k];
                assertTrue(i >= 0 && i < 50);
                assertEquals(obs[2 * k + 1], -i);
                assertEquals(act[k], 2f * i);
                assertEquals(rew[k], 3f * i);
                assertEquals(next[2 * k], i + 0.5f);
                assertEquals(next[2 * k + 1], 7f);
                assertEquals(notDone[k], i % 2 == 0 ? 1f : 0f);
            }
        }
    }

    @Test
    public void indicesAreUniformByChiSquare() {
        int n = 40;
        long[] counts = new long[n];
        try (DeviceSampler sampler = new DeviceSampler(indexed(n), base)) {
            for (int s = 0; s < 20; s++) {
                Seeding.reseed(11, s);
                try (NDManager step = base.newSubManager()) {
                    for (int i : indices(sampler.sample(step, 4, 250))) {
                        counts[i]++;
                    }
                }
            }
        }
        double[] expected = new double[n];
        Arrays.fill(expected, 20.0 * 4 * 250 / n);
        double p = new ChiSquareTest().chiSquareTest(expected, counts);
        // 20,000 draws over 40 cells, 500 expected each: a uniform sampler passes, one that
        // skips an index or favours a range fails with p far below 1e-3.
        assertTrue(p > 1e-3, "chi-square p = " + p + " for counts " + Arrays.toString(counts));
    }

    @Test
    public void sameSeedAndStepGiveTheSameBatchAndOthersDiffer() {
        try (DeviceSampler sampler = new DeviceSampler(indexed(1000), base)) {
            int[] first = draw(sampler, 7, 3);
            int[] again = draw(sampler, 7, 3);
            assertEquals(again, first, "same seed and step, same batch");
            assertFalse(Arrays.equals(draw(sampler, 8, 3), first), "another seed, another batch");
            assertFalse(Arrays.equals(draw(sampler, 7, 4), first), "another step, another batch");
        }
    }

    private int[] draw(DeviceSampler sampler, long seed, long stepNumber) {
        Seeding.reseed(seed, stepNumber);
        try (NDManager step = base.newSubManager()) {
            return indices(sampler.sample(step, 2, 64));
        }
    }

    @Test
    public void membersDrawDifferentIndices() {
        try (DeviceSampler sampler = new DeviceSampler(indexed(10_000), base)) {
            int[] idx = draw(sampler, 5, 0);
            int[] member0 = Arrays.copyOfRange(idx, 0, 64);
            int[] member1 = Arrays.copyOfRange(idx, 64, 128);
            assertFalse(Arrays.equals(member1, member0), "each member has its own draw");
        }
    }

    @Test
    public void nothingLeaksIntoTheLongLivedManagers() {
        try (NDManager owner = base.newSubManager()) {
            DeviceSampler sampler = new DeviceSampler(indexed(100), owner);
            int resident = owner.getManagedArrays().size();
            assertEquals(resident, 5, "the five uploaded arrays");
            for (int s = 0; s < 200; s++) {
                Seeding.reseed(3, s);
                NDManager step = owner.newSubManager();
                Batch b = sampler.sample(step, 2, 32);
                b.rewards().sum();
                step.close();
                assertEquals(owner.getManagedArrays().size(), resident, "after step " + s);
            }
            sampler.close();
            assertEquals(owner.getManagedArrays().size(), 0, "close frees the device copy");
        }
    }
}
