package io.ofql.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.testng.Assert;
import org.testng.annotations.Test;

public class ConstantsTest {

    @Test
    public void scalarsAreSharedCpuArraysThatOutliveScopes() {
        NDArray first;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            first = Constants.scalar(0.123456789, DataType.FLOAT64);
        }
        Assert.assertSame(Constants.scalar(0.123456789, DataType.FLOAT64), first);
        Assert.assertEquals(first.getDevice(), Device.cpu());
        Assert.assertEquals(first.getShape(), new Shape());
        Assert.assertEquals(first.toDoubleArray(), new double[] {0.123456789}, "still open after the scope closed");
        Assert.assertEquals(Constants.scalar(0.1, DataType.FLOAT32).toFloatArray(), new float[] {0.1f});
        Assert.assertEquals(Constants.scalar(3, DataType.INT64).toLongArray(), new long[] {3});
        Assert.assertNotSame(Constants.scalar(0.1, DataType.FLOAT32), Constants.scalar(0.1, DataType.FLOAT64));
        Assert.expectThrows(IllegalArgumentException.class, () -> Constants.scalar(1, DataType.INT8));
    }

    @Test
    public void tablesAreKeyedByContentNotByArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {0.5f, -2f, 3.25f};
            NDArray table = Constants.table(values, manager.getDevice(), DataType.FLOAT32);
            Assert.assertSame(Constants.table(values.clone(), manager.getDevice(), DataType.FLOAT32), table);
            Assert.assertEquals(table.toFloatArray(), values);
            values[0] = 9f;
            Assert.assertEquals(table.toFloatArray()[0], 0.5f, "the cache holds its own copy");
            Assert.assertNotSame(Constants.table(values, manager.getDevice(), DataType.FLOAT32), table);
            Assert.assertEquals(Constants.table(new float[] {0.1f}, manager.getDevice(), DataType.FLOAT64).toDoubleArray(),
                    new double[] {0.1f});
        }
    }

    /** Each helper against values computed by hand; results stay in x's manager. */
    @Test
    public void scalarHelpersComputeTheirFormulas() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-2f, 0.25f, 4f});
            NDArray times = Scalars.times(x, 3);
            NDArray dividedBy = Scalars.dividedBy(x, 4);
            NDArray plus = Scalars.plus(x, 1.5);
            NDArray oneMinus = Scalars.oneMinus(x);
            NDArray power = Scalars.power(x.abs(), -0.5);
            NDArray atMost = Scalars.atMost(x, 1);
            NDArray clip = Scalars.clip(x, -1, 1);
            NDArray below = Scalars.below(x, 0.25);
            NDArray y = x.duplicate();
            Assert.assertSame(Scalars.timesInPlace(y, -1), y);
            // x, y and the 11 results above (oneMinus and clip make two arrays each, and abs one),
            // nothing else: no constant joined this manager. Counted before reading: on a GPU, DJL
            // leaves the host copy of a read in the manager.
            Assert.assertEquals(manager.getManagedArrays().size(), 2 + 11);
            Assert.assertEquals(times.toFloatArray(), new float[] {-6f, 0.75f, 12f});
            Assert.assertEquals(dividedBy.toFloatArray(), new float[] {-0.5f, 0.0625f, 1f});
            Assert.assertEquals(plus.toFloatArray(), new float[] {-0.5f, 1.75f, 5.5f});
            Assert.assertEquals(oneMinus.toFloatArray(), new float[] {3f, 0.75f, -3f});
            Assert.assertEquals(power.toFloatArray(), new float[] {(float) (1 / Math.sqrt(2)), 2f, 0.5f}, 1e-7f);
            Assert.assertEquals(atMost.toFloatArray(), new float[] {-2f, 0.25f, 1f});
            Assert.assertEquals(clip.toFloatArray(), new float[] {-1f, 0.25f, 1f});
            Assert.assertEquals(below.toBooleanArray(), new boolean[] {true, false, false});
            Assert.assertEquals(y.toFloatArray(), new float[] {2f, -0.25f, -4f});
        }
    }

    /** d clip(x)/dx is 1 inside the bounds and 0 outside; d(c x)/dx = c with a shared constant. */
    @Test
    public void helpersAreDifferentiableInX() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-3f, -0.5f, 0.5f, 2f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(Scalars.clip(x, -1, 1).add(Scalars.times(x, 2.5)).sum());
            }
            Assert.assertEquals(x.getGradient().toFloatArray(), new float[] {2.5f, 3.5f, 3.5f, 2.5f});
        }
    }
}
