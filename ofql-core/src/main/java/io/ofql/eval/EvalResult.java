package io.ofql.eval;

import io.ofql.env.EnvironmentFactory;
import java.util.Arrays;

/**
 * The outcome of evaluating a policy for K episodes: per-episode return, length and D4RL
 * normalized score, with their mean and standard deviation.
 *
 * <p>The standard deviation is the population one (divide by K), as {@code numpy.std} computes
 * it in the D4RL-style evaluation code the paper's numbers come from.
 *
 * @param env the environment
 * @param seed the base seed the episode seeds were drawn from
 * @param returns undiscounted return per episode
 * @param lengths steps per episode (the time limit unless it ended in a terminal state)
 * @param normalizedScores 100 * (return - REF_MIN) / (REF_MAX - REF_MIN) per episode
 */
public record EvalResult(EnvironmentFactory env, long seed, double[] returns, int[] lengths, double[] normalizedScores) {
    public EvalResult {
        if (returns.length == 0 || returns.length != lengths.length || returns.length != normalizedScores.length) {
            throw new IllegalArgumentException("returns/lengths/scores sizes " + returns.length + "/"
                    + lengths.length + "/" + normalizedScores.length + " must be equal and non-zero");
        }
        returns = returns.clone();
        lengths = lengths.clone();
        normalizedScores = normalizedScores.clone();
    }

    /** Builds the result from returns and lengths, computing the normalized scores. */
    public static EvalResult of(EnvironmentFactory env, long seed, double[] returns, int[] lengths) {
        double[] scores = new double[returns.length];
        for (int i = 0; i < returns.length; i++) {
            scores[i] = env.normalizedScore(returns[i]);
        }
        return new EvalResult(env, seed, returns, lengths, scores);
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    @Override
    public int[] lengths() {
        return lengths.clone();
    }

    @Override
    public double[] normalizedScores() {
        return normalizedScores.clone();
    }

    public int episodes() {
        return returns.length;
    }

    public double returnMean() {
        return mean(returns);
    }

    /** Population standard deviation of the returns. */
    public double returnStd() {
        return std(returns);
    }

    public double normalizedScoreMean() {
        return mean(normalizedScores);
    }

    /** Population standard deviation of the normalized scores. */
    public double normalizedScoreStd() {
        return std(normalizedScores);
    }

    public double lengthMean() {
        double sum = 0;
        for (int l : lengths) {
            sum += l;
        }
        return sum / lengths.length;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double std(double[] values) {
        double m = mean(values);
        double sq = 0;
        for (double v : values) {
            sq += (v - m) * (v - m);
        }
        return Math.sqrt(sq / values.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvalResult r
                && env.id().equals(r.env.id())
                && seed == r.seed
                && Arrays.equals(returns, r.returns)
                && Arrays.equals(lengths, r.lengths)
                && Arrays.equals(normalizedScores, r.normalizedScores);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * env.id().hashCode() + Long.hashCode(seed)) + Arrays.hashCode(returns);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "EvalResult(env=%s, seed=%d, episodes=%d, return=%.1f+-%.1f, normalized=%.1f+-%.1f, returns=%s, lengths=%s)",
                env.id(), seed, episodes(), returnMean(), returnStd(), normalizedScoreMean(), normalizedScoreStd(),
                Arrays.toString(returns), Arrays.toString(lengths));
    }
}
