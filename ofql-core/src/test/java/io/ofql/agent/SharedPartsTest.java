package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;
import io.ofql.config.ActingPolicy;
import io.ofql.config.QScale;
import io.ofql.config.Selection;
import org.testng.Assert;
import org.testng.annotations.Test;

public class SharedPartsTest {

    @Test
    public void qTermNormalisesAndSwapsHeadsPerSeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Seed 0: Q1 = (1, 3), Q2 = (-2, -2). Seed 1: Q1 = (4, 4), Q2 = (1, -3).
            NDArray q = manager.create(new float[] {1, 3, -2, -2, 4, 4, 1, -3}, new Shape(2, 2, 2, 1));
            q.setRequiresGradient(true);
            NDArray swap = manager.create(new boolean[] {false, true}, new Shape(2, 1, 1));
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = QTerm.loss(q, swap);
                collector.backward(loss.sum());
            }
            float[] values = loss.toFloatArray();
            Assert.assertEquals(values[0], -2f / 2f, 1e-6); // -mean(Q1) / mean|Q2|
            Assert.assertEquals(values[1], 1f / 4f, 1e-6); // swapped: -mean(Q2) / mean|Q1| = -(-1) / 4
            // The denominator is detached: gradient only on the numerator head, -1 / (B denominator).
            float[] grad = q.getGradient().toFloatArray();
            Assert.assertEquals(grad, new float[] {-0.25f, -0.25f, 0, 0, 0, 0, -0.125f, -0.125f}, 1e-6f);
        }
    }

    @Test
    public void fqlQTermTakesTheHeadsMeanAndNormalisesOnRequest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // One seed, B = 2: Q1 = (1, 3), Q2 = (3, -5); the heads' mean is (2, -1).
            for (boolean normalise : new boolean[] {false, true}) {
                NDArray q = manager.create(new float[] {1, 3, 3, -5}, new Shape(1, 2, 2, 1));
                q.setRequiresGradient(true);
                NDArray loss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    loss = QTerm.meanLoss(q, normalise);
                    collector.backward(loss.sum());
                }
                // -mean(2, -1) = -0.5; normalised by mean |(2, -1)| = 1.5: -1/3.
                Assert.assertEquals(loss.getFloat(0), normalise ? -1f / 3f : -0.5f, 1e-6);
                // Every Q enters the mean with weight 1 / (2 heads x B = 2); the denominator is detached.
                float g = normalise ? -1f / (4f * 1.5f) : -0.25f;
                Assert.assertEquals(q.getGradient().toFloatArray(), new float[] {g, g, g, g}, 1e-6f);
            }
        }
    }

    @Test
    public void candidateSelectorSamplesFromSoftmax() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int n = 20000;
            // K = 2 candidates per state: action 0 scored 0, action 1 scored 1; temperature ln 3 gives P(1) = 3/4.
            NDArray candidates = manager.zeros(new Shape(1, n, 1)).concat(manager.ones(new Shape(1, n, 1)), 1);
            NDArray scores = candidates.duplicate();
            float fraction = CandidateSelector.select(candidates, scores, 2, (float) Math.log(3)).mean().getFloat();
            Assert.assertEquals(fraction, 0.75f, 0.015f);
            NDArray greedy = CandidateSelector.select(candidates, scores, 2, 1000f);
            Assert.assertEquals(greedy.getShape(), new Shape(1, n, 1));
            Assert.assertEquals(greedy.min().getFloat(), 1f, "a huge temperature picks the best candidate");
        }
    }

    /**
     * CleanDiffuser's Q scale: with episode returns spanning 500 the factor is 1000 / 500 = 2, so
     * candidates scored Q = (1, 1.5, 2) at temperature 0.7 are drawn with probabilities
     * softmax(Q * 2 * 0.7) = softmax(1.4, 2.1, 2.8), computed here by hand.
     */
    @Test
    public void selectionSeesQOnTheReturnRangeScale() {
        Selection selection = new Selection(ActingPolicy.ONLINE, true, 3, 0.7, 1, QScale.RETURN_RANGE, 150, true);
        double factor = selection.qScale().factor(new double[] {350, 100, 600, 420});
        Assert.assertEquals(factor, 2.0, 1e-12);
        Assert.assertEquals(QScale.NONE.factor(new double[] {350, 100}), 1.0);
        Assert.expectThrows(IllegalArgumentException.class, () -> QScale.RETURN_RANGE.factor(new double[] {5, 5}));
        double weight = selection.weight(factor);
        double[] q = {1, 1.5, 2};
        double[] expected = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            expected[k] = Math.exp(1.4 * q[k]);
            sum += expected[k];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            int n = 30000;
            // Candidate k of every state is the action k, scored q[k]: blocks of n states (TwinCritic.repeatBlocks).
            NDArray candidates = manager.zeros(new Shape(1, n, 1)).concat(manager.ones(new Shape(1, n, 1)), 1)
                    .concat(manager.full(new Shape(1, n, 1), 2f), 1);
            NDArray scores = manager.full(new Shape(1, n, 1), (float) q[0]).concat(manager.full(new Shape(1, n, 1),
                    (float) q[1]), 1).concat(manager.full(new Shape(1, n, 1), (float) q[2]), 1);
            float[] chosen = CandidateSelector.select(candidates, scores, 3, (float) weight).toFloatArray();
            int[] counts = new int[3];
            for (float a : chosen) {
                counts[Math.round(a)]++;
            }
            for (int k = 0; k < 3; k++) {
                double p = expected[k] / sum;
                // four binomial standard errors
                Assert.assertEquals(counts[k] / (double) n, p, 4 * Math.sqrt(p * (1 - p) / n), "candidate " + k);
            }
        }
    }

    @Test
    public void emaFollowsDqlSchedule() {
        Ema ema = new Ema(0.995, 5, 1000);
        Assert.assertFalse(ema.due(995));
        Assert.assertTrue(ema.due(1000));
        Assert.assertFalse(ema.due(1001));
        Assert.assertTrue(ema.due(1005));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray target = manager.create(new float[] {1f, -2f});
            NDArray source = manager.create(new float[] {3f, 2f});
            ema.update(target, source, 10);
            ema.update(target, source, 999);
            Assert.assertEquals(manager.getManagedArrays().size(), 2, "not due: nothing made");
            ema.update(target, source, 1000);
            // Counted before reading: on a GPU, DJL leaves the host copy of a read in the manager.
            Assert.assertEquals(manager.getManagedArrays().size(), 2, "no temporaries left behind");
            Assert.assertEquals(target.toFloatArray(), new float[] {1.01f, -1.98f}, 1e-6f);
        }
        Assert.expectThrows(IllegalArgumentException.class, () -> new Ema(1.5, 5, 0));
    }
}
