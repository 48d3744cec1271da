package io.ofql.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.testng.Assert;
import org.testng.annotations.Test;

public class AdamTest {

    /** Three steps against the update rule written out in doubles. */
    @Test
    public void matchesHandComputedAdam() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] start = {0.5f, -1f, 2f, 0f};
            ParameterBuffer buffer = new ParameterBuffer(manager.create(start, new Shape(2, 2)));
            Adam adam = new Adam(buffer, 0.1f);
            float[][] grads = {{1f, -2f, 0.5f, 0f}, {-1f, 3f, 0.5f, 1e-3f}, {2f, 0f, -4f, 0f}};
            double[] p = {0.5, -1, 2, 0};
            double[] m = new double[4];
            double[] v = new double[4];
            for (int t = 1; t <= grads.length; t++) {
                adam.step(manager.create(grads[t - 1], new Shape(2, 2)));
                for (int i = 0; i < 4; i++) {
                    double g = grads[t - 1][i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                    p[i] -= 0.1 * mHat / denom;
                }
            }
            // Counted before reading: on a GPU, DJL leaves the host copy of a read in the manager.
            Assert.assertEquals(manager.getManagedArrays().size(), 1 + 2 + 3, "parameters, 2 moments, 3 gradients, no temporaries");
            float[] actual = buffer.values().toFloatArray();
            for (int i = 0; i < 4; i++) {
                Assert.assertEquals(actual[i], p[i], 1e-5, "parameter " + i);
            }
            Assert.assertEquals(adam.steps(), 3);
        }
    }

    @Test
    public void restoredStateContinuesIdentically() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterBuffer a = new ParameterBuffer(manager.create(new float[] {1f, 2f}, new Shape(1, 2)));
            Adam adamA = new Adam(a, 0.01f);
            NDArray g1 = manager.create(new float[] {0.3f, -0.7f}, new Shape(1, 2));
            NDArray g2 = manager.create(new float[] {-0.1f, 0.2f}, new Shape(1, 2));
            adamA.step(g1);
            ParameterBuffer b = new ParameterBuffer(a.values().duplicate());
            Adam adamB = new Adam(b, 0.01f);
            adamB.restore(adamA.firstMoment(), adamA.secondMoment(), adamA.steps());
            adamA.step(g2);
            adamB.step(g2);
            Assert.assertEquals(b.values().toFloatArray(), a.values().toFloatArray());
        }
    }
}
