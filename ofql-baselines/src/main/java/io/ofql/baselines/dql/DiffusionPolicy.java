package io.ofql.baselines.dql;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ofql.baselines.GenerativeQAgent;
import io.ofql.nn.Constants;
import io.ofql.nn.Scalars;
import io.ofql.baselines.TimeConditionedMlp;

/**
 * DQL's diffusion policy for S members: the noise-prediction network eps_theta(x_k, k, s), its
 * training loss and the ancestral (DDPM) sampler, over the {@link VpSchedule}.
 *
 * <p>Shapes: observations (S, B, obs), actions and noise (S, B, act); losses (S). Everything is
 * differentiable with respect to the (S, P) parameter buffer, including the sampler, so that the
 * Q term's gradient runs through all T reverse steps (backprop through the chain, Wang et al. 2023,
 * Eq. 3):
 *
 * <pre>
 *   loss      = mean || eps - eps_theta(sqrt(ab_k) a + sqrt(1 - ab_k) eps, k, s) ||^2,  k ~ U{0..T-1}
 *   x_T       ~ N(0, I)
 *   x0_hat    = clamp(sqrt(1/ab_k) x_k - sqrt(1/ab_k - 1) eps_theta(x_k, k, s), -1, 1)
 *   x_{k-1}   = coef1_k x0_hat + coef2_k x_k + [k > 0] exp(0.5 log var_k) z_k,   k = T-1..0
 *   a         = clamp(x_0, -1, 1)
 * </pre>
 *
 * (Indices are 0-based: k = 0 is the last reverse step, which adds no noise.) The sampler takes
 * its noise as an argument so that tests can hold it fixed.
 */
public final class DiffusionPolicy implements GenerativeQAgent.Policy {
    private final VpSchedule schedule;
    private final TimeConditionedMlp network;
    private final int actionDim;
    private final float[] sqrtAlphaBar;
    private final float[] sqrtOneMinusAlphaBar;
    private final float[] recipAlphaBar;
    private final float[] recipM1AlphaBar;
    private final float[] meanCoef1;
    private final float[] meanCoef2;
    private final float[] posteriorStd;
    /** The step indices in the sampler's order, T-1 down to 0: the time input of each reverse step. */
    private final float[] reverseSteps;

    public DiffusionPolicy(VpSchedule schedule, TimeConditionedMlp network, int actionDim) {
        this.schedule = schedule;
        this.network = network;
        this.actionDim = actionDim;
        int t = schedule.steps();
        sqrtAlphaBar = new float[t];
        sqrtOneMinusAlphaBar = new float[t];
        recipAlphaBar = new float[t];
        recipM1AlphaBar = new float[t];
        meanCoef1 = new float[t];
        meanCoef2 = new float[t];
        posteriorStd = new float[t];
        reverseSteps = new float[t];
        for (int k = 0; k < t; k++) {
            reverseSteps[k] = t - 1 - k;
            sqrtAlphaBar[k] = (float) schedule.sqrtAlphaBar(k);
            sqrtOneMinusAlphaBar[k] = (float) schedule.sqrtOneMinusAlphaBar(k);
            recipAlphaBar[k] = (float) schedule.sqrtRecipAlphaBar(k);
            recipM1AlphaBar[k] = (float) schedule.sqrtRecipM1AlphaBar(k);
            meanCoef1[k] = (float) schedule.posteriorMeanCoef1()[k];
            meanCoef2[k] = (float) schedule.posteriorMeanCoef2()[k];
            posteriorStd[k] = (float) schedule.posteriorStd(k);
        }
    }

    public VpSchedule schedule() {
        return schedule;
    }

    public TimeConditionedMlp network() {
        return network;
    }

    /** T, the number of reverse steps. */
    public int steps() {
        return schedule.steps();
    }

    @Override
    public NDArray initialize(NDManager manager, long[] seeds) {
        return network.initialize(manager, seeds);
    }

    /**
     * The diffusion (behaviour-cloning) loss per member, (S), for a uniformly drawn step per sample.
     * Results belong to the manager of {@code actions}.
     */
    @Override
    public NDArray bcLoss(NDArray params, NDArray observations, NDArray actions) {
        NDManager m = actions.getManager();
        Shape perSample = actions.getShape().slice(0, 2).add(1);
        NDArray k = m.randomInteger(0, schedule.steps(), perSample, DataType.INT64);
        NDArray eps = m.randomNormal(actions.getShape(), actions.getDataType());
        NDArray signal = Constants.table(sqrtAlphaBar, m.getDevice(), actions.getDataType()).take(m, k);
        NDArray noise = Constants.table(sqrtOneMinusAlphaBar, m.getDevice(), actions.getDataType()).take(m, k);
        NDArray noisy = actions.mul(signal).add(eps.mul(noise));
        NDArray predicted = network.forward(params, noisy, k.toType(actions.getDataType(), false), observations);
        Shape shape = actions.getShape();
        return Scalars.dividedBy(predicted.sub(eps).square().sum(new int[] {1, 2}), shape.get(1) * shape.get(2));
    }

    /** Draws the sampler's noise for {@code n} states per member: (T, S, n, act), in {@code manager}. */
    public NDArray drawNoise(NDManager manager, long members, long n, DataType type) {
        return manager.randomNormal(new Shape(schedule.steps(), members, n, actionDim), type);
    }

    /**
     * Ancestral sampling with the given noise: {@code noise[0]} is x_T and {@code noise[j]} the noise
     * added at the j-th reverse step (j = 1..T-1); the last step adds none. Observations (S, n, obs),
     * result (S, n, act) in [-1, 1], in the manager of {@code observations}.
     */
    public NDArray sample(NDArray params, NDArray observations, NDArray noise) {
        NDManager m = observations.getManager();
        int t = schedule.steps();
        // The T noise draws as views in one native split (an index per step costs four calls).
        NDList draws = noise.split(t, 0);
        draws.attach(m);
        NDArray x = draws.get(0).squeeze(0);
        TimeConditionedMlp.Layers layers = network.layers(params, m);
        NDList times = network.timeFeatures(layers, Constants.table(reverseSteps, m.getDevice(), observations.getDataType()), m);
        for (int j = 0; j < t; j++) {
            int k = t - 1 - j;
            NDArray eps = network.forwardAt(layers, x, times.get(j), observations);
            NDArray x0 = Scalars.clip(Scalars.times(x, recipAlphaBar[k]).sub(Scalars.times(eps, recipM1AlphaBar[k])), -1, 1);
            NDArray mean = Scalars.times(x0, meanCoef1[k]).add(Scalars.times(x, meanCoef2[k]));
            x = k > 0 ? mean.add(Scalars.times(draws.get(j + 1).squeeze(0), posteriorStd[k])) : mean;
        }
        return Scalars.clip(x, -1, 1);
    }

    /** Ancestral sampling with fresh noise. */
    @Override
    public NDArray sample(NDArray params, NDArray observations) {
        Shape shape = observations.getShape();
        NDArray noise = drawNoise(observations.getManager(), shape.get(0), shape.get(1), observations.getDataType());
        return sample(params, observations, noise);
    }
}
