package io.ofql.baselines.dql;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ofql.agent.QTerm;
import io.ofql.agent.TwinCritic;
import io.ofql.baselines.TimeConditionedMlp;
import org.testng.annotations.Test;

/** Backprop through the reverse chain, checked against central finite differences in float64. */
public class DiffusionPolicyTest {
    private static final int OBS = 3;
    private static final int ACT = 2;
    private static final int N = 4;

    /**
     * q_loss of the T-step sample as a function of the sampler's noise and the actor's parameters,
     * with its stop-gradient denominator mean |Q2| held at {@code denominator} (its value at the
     * base point), which is the function whose derivative backprop computes.
     */
    private static double qLoss(DiffusionPolicy policy, TwinCritic critic, NDArray actor, NDArray criticParams,
            NDArray obs, NDArray noise, double denominator) {
        NDArray a = policy.sample(actor, obs, noise);
        return -critic.q(criticParams, obs, a).get(":, 0").mean().getDouble() / denominator;
    }

    @Test
    public void qTermGradientReachesTheFirstDenoisingStep() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            VpSchedule schedule = new VpSchedule(5);
            TimeConditionedMlp net = new TimeConditionedMlp(1, OBS, ACT, 16, 32, 2);
            DiffusionPolicy policy = new DiffusionPolicy(schedule, net, ACT);
            // Scaled-down weights predict small noise, so no reverse step saturates at the clamps (an
            // untrained network at full scale drives every x0_hat outside [-1, 1], where the
            // gradient is legitimately zero and the check would be vacuous).
            NDArray actor = net.initialize(m, new long[] {11}).toType(DataType.FLOAT64, false).mul(0.2);
            TwinCritic critic = new TwinCritic(m, OBS, ACT, new int[] {32, 32}, false, new long[] {3}, 3e-4f);
            NDArray criticParams = critic.online().values().stopGradient().toType(DataType.FLOAT64, false);
            NDArray obs = m.randomNormal(new Shape(1, N, OBS), DataType.FLOAT64);
            // Small noise keeps every x0_hat inside [-1, 1] too, so the first network call's
            // output lies on the gradient path, not behind a clamp.
            NDArray noise = m.randomNormal(0f, 0.05f, new Shape(5, 1, N, ACT), DataType.FLOAT64);
            NDArray swap = m.create(new boolean[] {false}).reshape(1, 1, 1);

            noise.setRequiresGradient(true);
            actor.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray a = policy.sample(actor, obs, noise);
                collector.backward(QTerm.loss(critic.q(criticParams, obs, a), swap).sum());
            }
            double[] noiseGrad = noise.getGradient().toDoubleArray();
            double[] actorGrad = actor.getGradient().toDoubleArray();
            NDArray noiseValues = noise.stopGradient().duplicate();
            NDArray actorValues = actor.stopGradient().duplicate();
            double denominator = critic.q(criticParams, obs, policy.sample(actorValues, obs, noiseValues))
                    .get(":, 1").abs().mean().getDouble();

            // x_T enters only the first reverse step: its gradient has crossed all five.
            double h = 1e-6;
            int checked = 0;
            for (int i = 0; i < N * ACT; i++) {
                double numeric = centralDifference(i, h, noiseValues,
                        x -> qLoss(policy, critic, actorValues, criticParams, obs, x, denominator));
                assertEquals(noiseGrad[i], numeric, 1e-6 + 1e-4 * Math.abs(numeric), "d q_loss / d x_T[" + i + "]");
                checked += Math.abs(noiseGrad[i]) > 1e-8 ? 1 : 0;
            }
            assertTrue(checked > 0, "the gradient w.r.t. x_T is zero everywhere");

            // The time MLP's first weight is used by every network call (one per reverse step).
            long timeFirstWeight = 0;
            double numeric = centralDifference((int) timeFirstWeight, h, actorValues,
                    p -> qLoss(policy, critic, p, criticParams, obs, noiseValues, denominator));
            assertTrue(Math.abs(numeric) > 1e-9, "finite difference is zero: " + numeric);
            assertEquals(actorGrad[0], numeric, 1e-6 + 1e-4 * Math.abs(numeric), "d q_loss / d theta[0]");
        }
    }

    @Test
    public void samplesStayInTheActionBoxAndTheLossIsPerMember() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TimeConditionedMlp net = new TimeConditionedMlp(2, OBS, ACT, 16, 32, 2);
            DiffusionPolicy policy = new DiffusionPolicy(new VpSchedule(5), net, ACT);
            NDArray actor = net.initialize(m, new long[] {1, 2});
            NDArray obs = m.randomNormal(new Shape(2, 64, OBS));
            NDArray a = policy.sample(actor, obs);
            assertEquals(a.getShape(), new Shape(2, 64, ACT));
            assertTrue(a.abs().max().getFloat() <= 1f);
            NDArray loss = policy.bcLoss(actor, obs, m.randomUniform(-1f, 1f, new Shape(2, 64, ACT)));
            assertEquals(loss.getShape(), new Shape(2));
            // An untrained network predicts eps poorly: the loss is near E||eps||^2 / act = 1, not 0.
            for (float v : loss.toFloatArray()) {
                assertTrue(v > 0.3f && v < 3f, "loss " + v);
            }
        }
    }

    private static double centralDifference(int index, double h, NDArray at,
            java.util.function.ToDoubleFunction<NDArray> f) {
        double[] values = at.toDoubleArray();
        double original = values[index];
        values[index] = original + h;
        NDArray plus = at.getManager().create(values, at.getShape());
        values[index] = original - h;
        NDArray minus = at.getManager().create(values, at.getShape());
        return (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
    }
}
