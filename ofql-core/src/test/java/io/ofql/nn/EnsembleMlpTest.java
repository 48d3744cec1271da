package io.ofql.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.testng.Assert;
import org.testng.annotations.Test;

public class EnsembleMlpTest {

    private static double relativeError(double[] actual, double[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static NDArray gaussian(NDManager manager, SplittableRandom random, Shape shape) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            values[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return manager.create(values, shape);
    }

    /** Mish reference on the host. */
    private static double mish(double x) {
        return x * Math.tanh(Math.log1p(Math.exp(x)));
    }

    @Test
    public void forwardMatchesHostReferenceWithBroadcastMembers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EnsembleMlp net = EnsembleMlp.builder().setMembers(new Shape(2, 2)).setInput(3).setHidden(4, 5).setOutput(2).build();
            Assert.assertEquals(net.parametersPerMember(), 3 * 4 + 4 + 4 * 5 + 5 + 5 * 2 + 2);
            NDArray params = net.initialize(manager, new long[] {1, 2, 3, 4});
            float[] p = params.toFloatArray();
            SplittableRandom random = new SplittableRandom(7);
            NDArray x = gaussian(manager, random, new Shape(2, 1, 3, 3)).toType(DataType.FLOAT32, false);
            float[] xs = x.toFloatArray();
            float[] y = net.forward(params, x).toFloatArray();
            Assert.assertEquals(net.forward(params, x).getShape(), new Shape(2, 2, 3, 2));
            int[] sizes = {3, 4, 5, 2};
            int pp = (int) net.parametersPerMember();
            for (int s = 0; s < 2; s++) {
                for (int head = 0; head < 2; head++) {
                    int base = (s * 2 + head) * pp;
                    for (int b = 0; b < 3; b++) {
                        double[] h = new double[3];
                        for (int i = 0; i < 3; i++) {
                            h[i] = xs[(s * 3 + b) * 3 + i];
                        }
                        int offset = base;
                        for (int l = 0; l < 3; l++) {
                            double[] next = new double[sizes[l + 1]];
                            for (int o = 0; o < sizes[l + 1]; o++) {
                                double acc = p[offset + sizes[l] * sizes[l + 1] + o];
                                for (int i = 0; i < sizes[l]; i++) {
                                    acc += h[i] * p[offset + i * sizes[l + 1] + o];
                                }
                                next[o] = l < 2 ? mish(acc) : acc;
                            }
                            offset += sizes[l] * sizes[l + 1] + sizes[l + 1];
                            h = next;
                        }
                        for (int o = 0; o < 2; o++) {
                            Assert.assertEquals(y[((s * 2 + head) * 3 + b) * 2 + o], h[o], 1e-5, "member " + s + "," + head);
                        }
                    }
                }
            }
        }
    }

    @Test
    public void initializationIsPerMemberSeedAndWithinNnLinearBounds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EnsembleMlp net = EnsembleMlp.builder().setMembers(new Shape(3)).setInput(16).setHidden(8).setOutput(1).build();
            float[] a = net.initialize(manager, new long[] {5, 6, 5}).toFloatArray();
            int p = (int) net.parametersPerMember();
            for (int i = 0; i < 16 * 8 + 8; i++) {
                Assert.assertTrue(Math.abs(a[i]) <= 0.25f, "first layer bound 1/sqrt(16)");
                Assert.assertEquals(a[2 * p + i], a[i], "same seed, same member");
            }
            int differing = 0;
            for (int i = 0; i < p; i++) {
                differing += a[i] != a[p + i] ? 1 : 0;
            }
            Assert.assertTrue(differing > p - 3, "different seeds give different weights");
        }
    }

    /** The JVP of the OFQL policy input path (embeddings + MLP) equals a central difference. */
    @Test
    public void tangentMatchesCentralDifferenceThroughEmbeddings() {
        for (boolean layerNorm : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                int act = 3;
                int obs = 4;
                SinusoidalEmbedding embedding = new SinusoidalEmbedding(8);
                EnsembleMlp net = EnsembleMlp.builder().setMembers(new Shape(2)).setInput(act + obs + 16)
                        .setHidden(32, 32, 32).setOutput(act).optLayerNorm(layerNorm).build();
                SplittableRandom random = new SplittableRandom(11);
                NDArray params = net.initialize(manager, new long[] {1, 2}).toType(DataType.FLOAT64, false);
                // Perturb LayerNorm gains/shifts away from (1, 0) so their tangent path is exercised.
                params = params.add(gaussian(manager, random, params.getShape()).mul(0.1));
                Shape batch = new Shape(2, 5, 1);
                NDArray at = gaussian(manager, random, new Shape(2, 5, act));
                NDArray v = gaussian(manager, random, new Shape(2, 5, act));
                NDArray s = gaussian(manager, random, new Shape(2, 5, obs));
                NDArray t = manager.randomUniform(0.2f, 0.9f, batch).toType(DataType.FLOAT64, false);
                NDArray r = t.mul(0.5);
                Dual embT = embedding.embedTangent(t, manager.ones(batch, DataType.FLOAT64));
                NDArray x = at.concat(s, -1).concat(embT.value(), -1).concat(embedding.embed(r), -1);
                NDArray dx = v.concat(s.zerosLike(), -1).concat(embT.tangent(), -1)
                        .concat(manager.zeros(new Shape(2, 5, 8), DataType.FLOAT64), -1);
                Dual out = net.forwardTangent(net.layers(params, manager), x, dx);
                double h = 1e-6;
                NDArray plus = net.forward(params, at.add(v.mul(h)).concat(s, -1).concat(embedding.embed(t.add(h)), -1).concat(embedding.embed(r), -1));
                NDArray minus = net.forward(params, at.sub(v.mul(h)).concat(s, -1).concat(embedding.embed(t.sub(h)), -1).concat(embedding.embed(r), -1));
                double[] fd = plus.sub(minus).div(2 * h).toDoubleArray();
                double[] jvp = out.tangent().toDoubleArray();
                Assert.assertTrue(relativeError(jvp, fd) < 1e-3, "layerNorm=" + layerNorm + " error " + relativeError(jvp, fd));
                Assert.assertEquals(out.value().toDoubleArray(), net.forward(params, x).toDoubleArray(), 1e-12);
            }
        }
    }

    /** Slices of the fused buffer inside a collector send their gradient back into the buffer. */
    /**
     * Layers made once and used by two passes give the gradient of two passes that make their
     * own (the sum of both), and reject another network's input.
     */
    @Test
    public void sharedLayersGiveTheSummedGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EnsembleMlp net = EnsembleMlp.builder().setMembers(new Shape(2)).setInput(3).setHidden(5).setOutput(2)
                    .optLayerNorm(true).build();
            SplittableRandom random = new SplittableRandom(9);
            NDArray x1 = gaussian(manager, random, new Shape(2, 4, 3));
            NDArray x2 = gaussian(manager, random, new Shape(2, 4, 3));
            double[][] gradients = new double[2][];
            for (int shared = 0; shared < 2; shared++) {
                ParameterBuffer buffer = new ParameterBuffer(net.initialize(manager, new long[] {7, 8}).toType(DataType.FLOAT64, false));
                try (NDManager step = manager.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray y1;
                        NDArray y2;
                        if (shared == 1) {
                            EnsembleMlp.Layers layers = net.layers(buffer.values(), step);
                            y1 = net.forward(layers, x1);
                            y2 = net.forward(layers, x2);
                        } else {
                            y1 = net.forward(buffer.values(), x1);
                            y2 = net.forward(buffer.values(), x2);
                        }
                        collector.backward(y1.square().sum().add(y2.sum()));
                    }
                    gradients[shared] = buffer.gradient(step).toDoubleArray();
                }
            }
            Assert.assertEquals(gradients[1], gradients[0], 1e-12);
            EnsembleMlp other = EnsembleMlp.builder().setMembers(new Shape(2)).setInput(3).setHidden(5).setOutput(2).build();
            EnsembleMlp.Layers foreign = other.layers(other.initialize(manager, new long[] {1, 2}), manager);
            Assert.expectThrows(IllegalArgumentException.class, () -> net.forward(foreign, x1));
        }
    }

    @Test
    public void fusedBufferGradientMatchesFiniteDifference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EnsembleMlp net = EnsembleMlp.builder().setMembers(new Shape(2, 2)).setInput(3).setHidden(6, 6).setOutput(1)
                    .optLayerNorm(true).build();
            SplittableRandom random = new SplittableRandom(3);
            NDArray base = net.initialize(manager, new long[] {1, 2, 3, 4}).toType(DataType.FLOAT64, false);
            NDArray x = gaussian(manager, random, new Shape(2, 1, 7, 3));
            NDArray weights = gaussian(manager, random, new Shape(2, 2, 7, 1));
            ParameterBuffer buffer = new ParameterBuffer(base.duplicate());
            try (NDManager step = manager.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(step);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(net.forward(buffer.values(), xs).square().mul(weights).sum());
                }
                double[] gradient = buffer.gradient(step).toDoubleArray();
                int p = (int) net.parametersPerMember();
                double h = 1e-6;
                double[] values = base.toDoubleArray();
                int[] probes = {0, 5, 17, p - 1, p + 3, 2 * p + 40, 3 * p + p / 2, 4 * p - 1, 3 * 6 + 6 + 2, 3 * 6 + 6 + 6 + 1};
                for (int probe : probes) {
                    double[] up = values.clone();
                    double[] down = values.clone();
                    up[probe] += h;
                    down[probe] -= h;
                    double fPlus = net.forward(manager.create(up, base.getShape()), x).square().mul(weights).sum().getDouble();
                    double fMinus = net.forward(manager.create(down, base.getShape()), x).square().mul(weights).sum().getDouble();
                    double expected = (fPlus - fMinus) / (2 * h);
                    Assert.assertEquals(gradient[probe], expected, 1e-6 + 1e-4 * Math.abs(expected), "parameter " + probe);
                }
                buffer.zeroGradient();
                Assert.assertEquals(buffer.gradient(step).abs().sum().getDouble(), 0.0);
            }
        }
    }
}
