package io.ofql.baselines.cpql;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ofql.baselines.TimeConditionedMlp;
import org.testng.annotations.Test;

public class ConsistencyPolicyTest {

    @Test
    public void boundaryConditionHoldsExactlyForAnyNetwork() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TimeConditionedMlp net = new TimeConditionedMlp(2, 3, 2, 16, 32, 2);
            ConsistencyPolicy policy = new ConsistencyPolicy(net, 2, 1);
            // Large weights: the network's output is far from zero, yet must not leak into f.
            NDArray params = net.initialize(m, new long[] {5, 6}).mul(10f);
            NDArray x = m.randomUniform(-1f, 1f, new Shape(2, 64, 2));
            NDArray obs = m.randomNormal(new Shape(2, 64, 3));
            int last = policy.sigmas().length - 1;
            assertEquals(policy.sigmas()[last], EdmScalings.SIGMA_MIN);
            float[] f = policy.denoise(params, x, last, obs).toFloatArray();
            assertEquals(f, x.toFloatArray());
            // One level up, the network does contribute.
            assertNotEquals(policy.denoise(params, x, last - 1, obs).toFloatArray(), x.toFloatArray());
        }
    }

    @Test
    public void oneStepSamplingStartsAtSigmaMax() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TimeConditionedMlp net = new TimeConditionedMlp(1, 3, 2, 16, 32, 2);
            ConsistencyPolicy policy = new ConsistencyPolicy(net, 2, 1);
            NDArray params = net.initialize(m, new long[] {5});
            NDArray obs = m.randomNormal(new Shape(1, 500, 3));
            NDArray a = policy.sample(params, obs, 1);
            assertEquals(a.getShape(), new Shape(1, 500, 2));
            assertTrue(a.abs().max().getFloat() <= 1f);
            // At sigma_max, c_skip ~ 4e-5: x = 80 z enters f almost only through c_in x = z (unit
            // scale), so actions stay bounded and vary with z; a multistep chain also stays in the box.
            assertTrue(a.max().getFloat() > a.min().getFloat(), "actions vary with the noise");
            NDArray multi = policy.sample(params, obs, 3);
            assertTrue(multi.abs().max().getFloat() <= 1f);
            NDArray loss = policy.bcLoss(params, obs, m.randomUniform(-1f, 1f, new Shape(1, 500, 2)));
            assertEquals(loss.getShape(), new Shape(1));
            assertTrue(Float.isFinite(loss.getFloat(0)) && loss.getFloat(0) > 0f);
        }
    }
}
