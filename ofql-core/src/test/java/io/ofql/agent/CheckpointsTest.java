package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.InputException;
import io.ofql.nn.Adam;
import io.ofql.nn.ParameterBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.Assert;
import org.testng.annotations.Test;

public class CheckpointsTest {

    @Test
    public void roundTripsArraysOptimiserAndScalarsAndReplacesAtomically() throws Exception {
        Path root = Files.createTempDirectory("ckpt");
        Path dir = root.resolve("agent");
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterBuffer buffer = new ParameterBuffer(manager.create(new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2)));
            Adam adam = new Adam(buffer, 0.1f);
            adam.step(manager.create(new float[] {1f, -1f, 0.5f, 2f}, new Shape(2, 2)));
            NDArray other = manager.create(new float[] {9f, 8f});
            Checkpoints.State state = new Checkpoints.State();
            state.putTrainable("policy", buffer, adam);
            state.put("extra", other);
            state.putLong("step", 42);
            Checkpoints.write(dir, state);
            Checkpoints.write(dir, state); // replacing an existing checkpoint leaves no .tmp or .old behind
            try (var listing = Files.list(root)) {
                Assert.assertEquals(listing.count(), 1L);
            }

            ParameterBuffer fresh = new ParameterBuffer(manager.zeros(new Shape(2, 2)));
            Adam freshAdam = new Adam(fresh, 0.1f);
            NDArray freshOther = manager.zeros(new Shape(2));
            try (NDManager loading = manager.newSubManager()) {
                Checkpoints.State loaded = Checkpoints.read(dir, loading);
                loaded.restoreTrainable("policy", fresh, freshAdam);
                loaded.restore("extra", freshOther);
                Assert.assertEquals(loaded.getLong("step"), 42L);
                Assert.expectThrows(InputException.class, () -> loaded.restore("extra", manager.zeros(new Shape(3))));
                Assert.expectThrows(InputException.class, () -> loaded.array("missing"));
            }
            Assert.assertEquals(fresh.values().toFloatArray(), buffer.values().toFloatArray());
            Assert.assertEquals(freshOther.toFloatArray(), other.toFloatArray());
            Assert.assertEquals(freshAdam.steps(), 1L);
            NDArray g = manager.create(new float[] {0.3f, 0.3f, -0.2f, 0f}, new Shape(2, 2));
            adam.step(g);
            freshAdam.step(g);
            Assert.assertEquals(fresh.values().toFloatArray(), buffer.values().toFloatArray());
            Assert.expectThrows(InputException.class, () -> Checkpoints.read(root.resolve("nope"), manager));
        }
    }
}
