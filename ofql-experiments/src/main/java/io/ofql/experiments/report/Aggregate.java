package io.ofql.experiments.report;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Interquartile mean over runs with a stratified bootstrap confidence interval, as recommended by
 * Agarwal et al., "Deep RL at the Edge of the Statistical Precipice" (NeurIPS 2021, the rliable
 * library).
 *
 * <p>Scores form a task x seed matrix (one final or best normalized score per run). The IQM
 * pools all runs, sorts them and averages what is left after cutting {@code floor(n / 4)} values
 * from each end (scipy's {@code trim_mean(x, 0.25)}, which rliable uses). The bootstrap resamples
 * seeds with replacement separately within each task (stratified: every replicate keeps each
 * task's number of runs), recomputes the IQM, and takes the 2.5th and 97.5th percentiles of the
 * replicates (Commons Math {@link Percentile}, its default estimator). The generator is a
 * {@link Well19937c} with a fixed seed, so the interval is reproducible.
 *
 * @param iqm the interquartile mean of all runs
 * @param low lower end of the 95% interval
 * @param high upper end of the 95% interval
 * @param runs the number of runs pooled
 */
public record Aggregate(double iqm, double low, double high, int runs) {

    public static final int DEFAULT_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 0;

    /** Interquartile mean: the mean after trimming {@code floor(n / 4)} values from each end. */
    public static double interquartileMean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int cut = v.length / 4;
        double sum = 0;
        for (int i = cut; i < v.length - cut; i++) {
            sum += v[i];
        }
        return sum / (v.length - 2 * cut);
    }

    /**
     * IQM and its stratified bootstrap 95% interval.
     *
     * @param scoresByTask one array of per-seed scores per task
     */
    public static Aggregate of(List<double[]> scoresByTask, int resamples, long seed) {
        double[] pooled = scoresByTask.stream().flatMapToDouble(Arrays::stream).toArray();
        if (pooled.length == 0) {
            return new Aggregate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        RandomGenerator rng = new Well19937c(seed);
        double[] replicates = new double[resamples];
        double[] sample = new double[pooled.length];
        for (int b = 0; b < resamples; b++) {
            int k = 0;
            for (double[] task : scoresByTask) {
                for (int i = 0; i < task.length; i++) {
                    sample[k++] = task[rng.nextInt(task.length)];
                }
            }
            replicates[b] = interquartileMean(sample);
        }
        Percentile p = new Percentile();
        return new Aggregate(interquartileMean(pooled), p.evaluate(replicates, 2.5), p.evaluate(replicates, 97.5), pooled.length);
    }
}
