package io.ofql.baselines.cpql;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ofql.agent.ActorParts;
import io.ofql.baselines.GenerativeQAgent;
import io.ofql.baselines.TimeConditionedMlp;
import io.ofql.nn.Constants;
import io.ofql.nn.Scalars;

/**
 * CPQL's consistency policy for S members: f_theta(x, sigma, s) in the EDM parameterisation of
 * {@link EdmScalings}, clamped to [-1, 1], over N Karras noise levels (CPQL uses 40).
 *
 * <p>Loss ({@link Loss}). By default this class trains the weighted reconstruction term of CPQL's
 * published code,
 *
 * <pre>
 *   n ~ U{0..N-2},  z ~ N(0, I),  L = mean_B lambda(sigma_n) mean_A (f_theta(a + sigma_n z, sigma_n, s) - a)^2
 * </pre>
 *
 * because the published CPQL results come from it (the consistency term is computed there but not
 * optimised), so it is the comparator the OFQL paper measured. Its price is known and tested: the
 * optimum is the EDM denoiser E[a | a + sigma z, s], so at sigma_max one-step sampling returns
 * (nearly) the conditional mean action, and the policy's multimodality comes from the Q term, not
 * from the generator.
 *
 * <p>{@link Loss#CONSISTENCY} trains the paper's consistency loss instead, in its teacher-free form
 * (consistency training: the Euler step of the probability-flow ODE with the data point's score
 * lands at a + sigma_n z):
 *
 * <pre>
 *   n ~ U{0..N-2} (sigma_n > sigma_{n+1}),  L = mean_B lambda(sigma_n) mean_A (f_theta(a + sigma_n z, sigma_n, s)
 *                                                   - sg(f_theta(a + sigma_{n+1} z, sigma_{n+1}, s)))^2
 * </pre>
 *
 * The target is the online network with its gradient stopped (Song and Dhariwal 2023, "Improved
 * techniques for training consistency models": an EMA teacher of decay 0 works better than a slow
 * one), not the EMA actor, because DQL's schedule freezes that actor for the first 1000 steps.
 * Its one-step samples are multimodal without any Q term.
 *
 * <p>{@link Loss#ICT} is the same teacher-free consistency loss with two changes of "improved
 * consistency training" (Song and Dhariwal 2023, Sec. 3.3 and 3.5): the pseudo-Huber distance
 * sqrt(||d||^2 + c^2) - c with c = 0.00054 sqrt(A) instead of the squared one, and the weight
 * lambda(sigma_n) = 1 / (sigma_n - sigma_{n+1}). Both consistency losses are biased by a coarse grid
 * (the target is one Euler step away), hence the {@code levels} setting: on the toy bandit 160
 * levels made the four clusters sharp where CPQL's 40 did not (docs/baselines.md).
 *
 * <p>Sampling: x = sigma_max z, a = f_theta(x, sigma_max, s) (one step, MuJoCo); with m > 1 steps
 * the standard multistep consistency sampler re-noises to the next of m evenly spaced Karras
 * levels, x = a + sqrt(sigma^2 - sigma_min^2) z, and denoises again. Shapes: observations
 * (S, B, obs), actions (S, B, act), loss (S). Results belong to the first operand's manager.
 */
public final class ConsistencyPolicy implements GenerativeQAgent.Policy {
    /** The behaviour-cloning loss; see the class comment. */
    public enum Loss {
        /** lambda(sigma) ||f_theta(a + sigma z, sigma) - a||^2, as CPQL's published code. */
        RECONSTRUCTION,
        /** lambda(sigma_n) ||f_theta(a + sigma_n z, sigma_n) - sg(f_theta(a + sigma_{n+1} z, sigma_{n+1}))||^2. */
        CONSISTENCY,
        /** The consistency loss with iCT's pseudo-Huber distance and weight 1 / (sigma_n - sigma_{n+1}). */
        ICT
    }

    /** iCT's pseudo-Huber constant per unit of sqrt(dimension). */
    private static final double HUBER_SCALE = 0.00054;

    private final TimeConditionedMlp network;
    private final Loss loss;
    private final int actionDim;
    private final int sampleSteps;
    private final double[] sigmas;
    private final float[] cSkip;
    private final float[] cOut;
    private final float[] cIn;
    private final float[] time;
    private final float[] weight;
    private final float[] gapWeight;
    private final float[] sigmaF;
    /** Each level's time input alone, a one-entry table for {@link TimeConditionedMlp#timeFeatures}. */
    private final float[][] levelTime;

    /**
     * @param sampleSteps consistency steps of {@link #sample(NDArray, NDArray)} (1 on MuJoCo)
     * @param levels N, the Karras levels of the loss and the sampler
     */
    public ConsistencyPolicy(TimeConditionedMlp network, int actionDim, int sampleSteps, Loss loss, int levels) {
        this.network = network;
        this.loss = loss;
        this.actionDim = actionDim;
        this.sampleSteps = sampleSteps;
        sigmas = EdmScalings.karrasSigmas(levels, EdmScalings.RHO);
        int n = sigmas.length;
        cSkip = new float[n];
        cOut = new float[n];
        cIn = new float[n];
        time = new float[n];
        weight = new float[n];
        gapWeight = new float[n];
        sigmaF = new float[n];
        levelTime = new float[n][];
        for (int i = 0; i < n; i++) {
            cSkip[i] = (float) EdmScalings.cSkip(sigmas[i]);
            cOut[i] = (float) EdmScalings.cOut(sigmas[i]);
            cIn[i] = (float) EdmScalings.cIn(sigmas[i]);
            time[i] = (float) EdmScalings.timeInput(sigmas[i]);
            weight[i] = (float) EdmScalings.weight(sigmas[i]);
            // The last level is never drawn as sigma_n (it has no lower neighbour).
            gapWeight[i] = i < n - 1 ? (float) (1.0 / (sigmas[i] - sigmas[i + 1])) : 0f;
            sigmaF[i] = (float) sigmas[i];
            levelTime[i] = new float[] {time[i]};
        }
    }

    public TimeConditionedMlp network() {
        return network;
    }

    /** The Karras levels, sigma_max first. */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /**
     * f_theta(x, sigma_i, s) with the level given per sample as an index into the Karras levels:
     * x (S, B, act), index (S, B, 1) int64.
     */
    public NDArray denoise(NDArray params, NDArray x, NDArray index, NDArray observations) {
        DataType type = x.getDataType();
        NDArray skip = lookup(cSkip, index, type);
        NDArray out = lookup(cOut, index, type);
        NDArray in = lookup(cIn, index, type);
        NDArray t = lookup(time, index, type);
        NDArray f = network.forward(params, x.mul(in), t, observations);
        return Scalars.clip(x.mul(skip).add(f.mul(out)), -1, 1);
    }

    /**
     * f_theta(x, sigma_i, s) at one level for every sample. The level's scalings are constants and
     * its time input goes through the time MLP once, not once per sample (a sampler's step).
     */
    public NDArray denoise(NDArray params, NDArray x, int level, NDArray observations) {
        NDManager m = x.getManager();
        TimeConditionedMlp.Layers layers = network.layers(params, m);
        NDList feature = network.timeFeatures(layers, Constants.table(levelTime[level], m.getDevice(), x.getDataType()), m);
        NDArray f = network.forwardAt(layers, Scalars.times(x, cIn[level]), feature.get(0), observations);
        return Scalars.clip(Scalars.times(x, cSkip[level]).add(Scalars.times(f, cOut[level])), -1, 1);
    }

    @Override
    public NDArray initialize(NDManager manager, long[] seeds) {
        return network.initialize(manager, seeds);
    }

    /** The behaviour-cloning loss per member (S), reconstruction or consistency; see the class comment. */
    @Override
    public NDArray bcLoss(NDArray params, NDArray observations, NDArray actions) {
        NDManager m = actions.getManager();
        DataType type = actions.getDataType();
        Shape perSample = actions.getShape().slice(0, 2).add(1);
        NDArray index = m.randomInteger(0, sigmas.length - 1, perSample, DataType.INT64);
        NDArray z = m.randomNormal(actions.getShape(), type);
        NDArray denoised = denoise(params, actions.add(z.mul(lookup(sigmaF, index, type))), index, observations);
        NDArray target = actions;
        if (loss != Loss.RECONSTRUCTION) {
            NDArray lower = Scalars.plus(index, 1);
            NDArray closer = actions.add(z.mul(lookup(sigmaF, lower, type)));
            target = denoise(ActorParts.constant(params, m), closer, lower, observations);
        }
        NDArray squared = denoised.sub(target).square();
        NDArray perSampleLoss;
        NDArray lambda;
        if (loss == Loss.ICT) {
            double c = HUBER_SCALE * Math.sqrt(actionDim);
            perSampleLoss = Scalars.plus(Scalars.plus(squared.sum(new int[] {2}, true), c * c).sqrt(), -c);
            lambda = lookup(gapWeight, index, type);
        } else {
            perSampleLoss = squared.mean(new int[] {2}, true);
            lambda = lookup(weight, index, type);
        }
        return Scalars.dividedBy(perSampleLoss.mul(lambda).sum(new int[] {1, 2}), perSample.get(1));
    }

    /** Sampling with the configured number of consistency steps. */
    @Override
    public NDArray sample(NDArray params, NDArray observations) {
        return sample(params, observations, sampleSteps);
    }

    /** Sampling with {@code steps} consistency steps from sigma_max; result (S, B, act) in [-1, 1]. */
    public NDArray sample(NDArray params, NDArray observations, int steps) {
        NDManager m = observations.getManager();
        DataType type = observations.getDataType();
        Shape shape = observations.getShape().slice(0, 2).add(actionDim);
        NDArray x = Scalars.times(m.randomNormal(shape, type), EdmScalings.SIGMA_MAX);
        NDArray a = denoise(params, x, 0, observations);
        int last = sigmas.length - 1;
        for (int j = 1; j < steps; j++) {
            int level = (int) Math.round(j * (double) last / steps);
            double scale = Math.sqrt(sigmas[level] * sigmas[level] - EdmScalings.SIGMA_MIN * EdmScalings.SIGMA_MIN);
            a = denoise(params, a.add(Scalars.times(m.randomNormal(shape, type), scale)), level, observations);
        }
        return a;
    }

    /** values[index] per sample, in the index's manager (the shared table itself is never attached to a step). */
    private static NDArray lookup(float[] values, NDArray index, DataType type) {
        return Constants.table(values, index.getDevice(), type).take(index.getManager(), index);
    }
}
