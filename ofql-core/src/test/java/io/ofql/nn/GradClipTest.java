package io.ofql.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.testng.Assert;
import org.testng.annotations.Test;

public class GradClipTest {

    @Test
    public void clipsEachGroupByItsNormInBothSigns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Four members of two values, two groups: group 0 norm 13 (rows (3,-4), (0,-12)), group 1 norm 0.5.
            NDArray gradient = manager.create(new float[] {3f, -4f, 0f, -12f, 0.3f, 0f, 0f, -0.4f}, new Shape(4, 2));
            float[] norms = GradClip.clipByGlobalNorm(gradient, 2, 1.3f).toFloatArray();
            Assert.assertEquals(norms[0], 13f, 1e-5);
            Assert.assertEquals(norms[1], 0.5f, 1e-6);
            float[] clipped = gradient.toFloatArray();
            float[] expected = {0.3f, -0.4f, 0f, -1.2f, 0.3f, 0f, 0f, -0.4f};
            for (int i = 0; i < expected.length; i++) {
                Assert.assertEquals(clipped[i], expected[i], 1e-6, "entry " + i);
            }
            GradClip.clipByGlobalNorm(gradient, 1, 0f);
            Assert.assertEquals(gradient.toFloatArray(), clipped, "maxNorm 0 leaves the gradient alone");
        }
    }
}
