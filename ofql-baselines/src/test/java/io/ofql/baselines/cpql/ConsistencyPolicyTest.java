package io.ofql.baselines.cpql;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ofql.baselines.TimeConditionedMlp;
import org.testng.annotations.Test;

public class ConsistencyPolicyTest {

    @Test
    public void boundaryConditionHoldsExactlyForAnyNetwork() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TimeConditionedMlp net = new TimeConditionedMlp(2, 3, 2, 16, 32, 2);
            // Large weights: the network's output is far from zero, yet must not leak into f.
            NDArray params = net.initialize(m, new long[] {5, 6}).mul(10f);
            NDArray x = m.randomUniform(-1f, 1f, new Shape(2, 64, 2));
            NDArray obs = m.randomNormal(new Shape(2, 64, 3));
            for (int levels : new int[] {EdmScalings.POINTS, 160}) {
                ConsistencyPolicy policy = new ConsistencyPolicy(net, 2, 1, ConsistencyPolicy.Loss.RECONSTRUCTION, levels);
                int last = policy.sigmas().length - 1;
                assertEquals(last, levels - 1);
                assertEquals(policy.sigmas()[0], EdmScalings.SIGMA_MAX);
                assertEquals(policy.sigmas()[last], EdmScalings.SIGMA_MIN);
                float[] f = policy.denoise(params, x, last, obs).toFloatArray();
                assertEquals(f, x.toFloatArray());
                // One level up, the network does contribute.
                assertNotEquals(policy.denoise(params, x, last - 1, obs).toFloatArray(), x.toFloatArray());
            }
        }
    }

    @Test
    public void oneStepSamplingStartsAtSigmaMax() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TimeConditionedMlp net = new TimeConditionedMlp(1, 3, 2, 16, 32, 2);
            ConsistencyPolicy policy = new ConsistencyPolicy(net, 2, 1, ConsistencyPolicy.Loss.RECONSTRUCTION, EdmScalings.POINTS);
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

    /**
     * The consistency loss recomputed from its definition with the public denoiser: the same draws
     * (level n, then z), lambda(sigma_n) (f(a + sigma_n z, sigma_n) - f(a + sigma_{n+1} z, sigma_{n+1}))^2
     * with the target computed outside the gradient tape. Equal values and equal gradients show the
     * pairing of adjacent levels and that no gradient flows through the target. For iCT the distance
     * is sqrt(||d||^2 + c^2) - c, c = 0.00054 sqrt(2), and the weight 1 / (sigma_n - sigma_{n+1}).
     */
    @Test
    public void consistencyLossPairsAdjacentLevelsWithAConstantTarget() {
        for (ConsistencyPolicy.Loss kind : new ConsistencyPolicy.Loss[] {ConsistencyPolicy.Loss.CONSISTENCY,
                ConsistencyPolicy.Loss.ICT}) {
            checkAgainstDefinition(kind);
        }
    }

    private static void checkAgainstDefinition(ConsistencyPolicy.Loss kind) {
        boolean ict = kind == ConsistencyPolicy.Loss.ICT;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TimeConditionedMlp net = new TimeConditionedMlp(1, 3, 2, 16, 32, 2);
            // 160 levels, not the default 40: the draws and the pairing follow the policy's own grid.
            ConsistencyPolicy policy = new ConsistencyPolicy(net, 2, 1, kind, 160);
            NDArray initial = net.initialize(m, new long[] {5});
            NDArray obs = m.randomNormal(new Shape(1, 64, 3));
            NDArray actions = m.randomUniform(-0.9f, 0.9f, new Shape(1, 64, 2));

            NDArray params = initial.duplicate();
            params.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed(11);
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = policy.bcLoss(params, obs, actions);
                loss = l.getFloat(0);
                collector.backward(l.sum());
            }
            float[] gradient = params.getGradient().toFloatArray();

            Engine.getInstance().setRandomSeed(11);
            NDArray index = m.randomInteger(0, 160 - 1, new Shape(1, 64, 1), DataType.INT64);
            NDArray z = m.randomNormal(new Shape(1, 64, 2));
            double[] sigmas = policy.sigmas();
            long[] levels = index.toLongArray();
            float[] high = new float[64];
            float[] low = new float[64];
            float[] weights = new float[64];
            for (int i = 0; i < 64; i++) {
                high[i] = (float) sigmas[(int) levels[i]];
                low[i] = (float) sigmas[(int) levels[i] + 1];
                weights[i] = (float) (ict ? 1 / (sigmas[(int) levels[i]] - sigmas[(int) levels[i] + 1])
                        : EdmScalings.weight(sigmas[(int) levels[i]]));
            }
            Shape column = new Shape(1, 64, 1);
            NDArray target = policy.denoise(initial, actions.add(z.mul(m.create(low, column))), index.add(1), obs);
            NDArray expectedParams = initial.duplicate();
            expectedParams.setRequiresGradient(true);
            float expected;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray f = policy.denoise(expectedParams, actions.add(z.mul(m.create(high, column))), index, obs);
                NDArray squared = f.sub(target).square();
                double c = 0.00054 * Math.sqrt(2);
                NDArray distance = ict
                        ? squared.sum(new int[] {2}, true).add(m.create((float) (c * c))).sqrt().sub(m.create((float) c))
                        : squared.mean(new int[] {2}, true);
                NDArray l = distance.mul(m.create(weights, column)).sum().div(m.create(64f));
                expected = l.getFloat();
                collector.backward(l);
            }
            float[] expectedGradient = expectedParams.getGradient().toFloatArray();
            assertTrue(expected > 0f, kind + ": the adjacent levels disagree for an untrained network");
            assertEquals(loss, expected, 1e-5 * expected, kind.toString());
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < gradient.length; i++) {
                diff += (gradient[i] - expectedGradient[i]) * (gradient[i] - expectedGradient[i]);
                norm += expectedGradient[i] * expectedGradient[i];
            }
            assertTrue(norm > 0 && Math.sqrt(diff / norm) < 1e-5, kind + ": relative gradient difference " + Math.sqrt(diff / norm));
        }
    }
}
