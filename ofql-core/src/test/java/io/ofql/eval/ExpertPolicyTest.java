package io.ofql.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.ofql.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** A tiny policy file written here, evaluated by hand. */
public class ExpertPolicyTest {
    private static Path writePolicy(boolean withOut) throws Exception {
        return writePolicy(withOut, "tanh");
    }

    private static Path writePolicy(boolean withOut, String nonlinearity) throws Exception {
        Path dir = Files.createTempDirectory("ofql-policy");
        Path file = dir.resolve("tiny-policy.hdf5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("nonlinearity", nonlinearity);
            hdf.putDataset("obs_mean", new double[] {1.0, -1.0});
            hdf.putDataset("obs_std", new double[] {2.0, 0.5});
            WritableGroup hidden = hdf.putGroup("hidden");
            WritableGroup h0 = hidden.putGroup("0");
            h0.putDataset("W", new double[][] {{1.0}, {-2.0}});
            h0.putDataset("b", new double[] {0.5});
            if (withOut) {
                WritableGroup out = hdf.putGroup("out");
                out.putDataset("W", new double[][] {{3.0, -1.0}});
                out.putDataset("b", new double[] {0.0, 0.25});
            }
        }
        return file;
    }

    @Test
    public void computesTheTanhMlpByHand() throws Exception {
        ExpertPolicy policy = ExpertPolicy.load(writePolicy(true));
        assertEquals(policy.observationDim(), 2);
        assertEquals(policy.actionDim(), 2);
        assertEquals(policy.depth(), 1);
        float[] a = policy.act(new float[] {3f, 0f, 1f, -1f}, 2);
        // Row 0: h0 = ((3-1)/(2+1e-6), (0+1)/(0.5+1e-6)) ~ (1, 2); h1 = tanh(1 - 4 + 0.5) = tanh(-2.5).
        double z0 = 2.0 / (2.0 + 1e-6) - 2.0 * (1.0 / (0.5 + 1e-6)) + 0.5;
        assertEquals(a[0], (float) (3.0 * Math.tanh(z0)), 1e-6);
        assertEquals(a[1], (float) (-Math.tanh(z0) + 0.25), 1e-6);
        // Row 1: the observation equals the mean, so h1 = tanh(0.5).
        assertEquals(a[2], (float) (3.0 * Math.tanh(0.5)), 1e-6);
        assertEquals(a[3], (float) (-Math.tanh(0.5) + 0.25), 1e-6);
    }

    @Test
    public void missingKeyIsNamed() throws Exception {
        Path file = writePolicy(false);
        InputException e = expectThrows(InputException.class, () -> ExpertPolicy.load(file));
        assertTrue(e.getMessage().contains("out/W"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    public void otherNonlinearityIsRefused() throws Exception {
        Path file = writePolicy(true, "relu");
        InputException e = expectThrows(InputException.class, () -> ExpertPolicy.load(file));
        assertTrue(e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    public void missingFileIsNamed() {
        InputException e = expectThrows(InputException.class, () -> ExpertPolicy.load(Path.of("/nonexistent/p.hdf5")));
        assertTrue(e.getMessage().contains("/nonexistent/p.hdf5"), e.getMessage());
    }
}
