package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.testng.Assert;
import org.testng.annotations.Test;

/** The signal of a gradient part: its norm when the part is steady, near zero when it cancels. */
public class GradientSignalTest {

    @Test
    public void steadyPartReadsItsOwnNormAndAlternatingPartCancels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Two seeds of three parameters each; seed 0's gradient (3, 4, 0) has norm 5, seed 1's (0, 0, 2) norm 2.
            NDArray g = m.create(new float[] {3, 4, 0, 0, 0, 2}, new Shape(2, 3));
            GradientSignal signal = new GradientSignal(m, g);
            NDArray[] read = null;
            for (int k = 0; k < 400; k++) {
                try (NDManager step = m.newSubManager()) {
                    // BC part steady, Q part flipping sign every step.
                    NDArray q = k % 2 == 0 ? g.duplicate() : g.neg();
                    read = signal.update(g.duplicate(), q, 2, step);
                    float[] bc = read[0].toFloatArray();
                    Assert.assertEquals(bc[0], 5f, 1e-4f, "bias-corrected average of a constant at step " + k);
                    Assert.assertEquals(bc[1], 2f, 1e-4f);
                    if (k == 399) {
                        // The average of +g, -g, ... weighted by decay^i tends to (1 - d) / (1 + d) g.
                        float[] qs = read[1].toFloatArray();
                        double expected = (1 - GradientSignal.DECAY) / (1 + GradientSignal.DECAY);
                        Assert.assertEquals(qs[0], 5 * expected, 5 * expected * 0.05);
                        Assert.assertEquals(qs[1], 2 * expected, 2 * expected * 0.05);
                    }
                }
            }
        }
    }
}
