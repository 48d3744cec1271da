package io.ofql.eval;

import io.ofql.InputException;
import io.ofql.env.BatchPolicy;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.VectorEnv;
import java.util.SplittableRandom;

/**
 * Rolls a policy out for K episodes in a {@link VectorEnv} and returns D4RL-style results.
 *
 * <p>Episode i's reset seed is the i-th value of {@code new SplittableRandom(seed)}, so the
 * first K episodes of a longer evaluation are the same as a K-episode evaluation, and results do
 * not depend on the thread count. Episodes run at most {@link #MAX_PARALLEL_EPISODES} at a time
 * (one simulator each).
 */
public final class Evaluator implements AutoCloseable {
    /** Upper bound on simulators held at once, which bounds native memory. */
    public static final int MAX_PARALLEL_EPISODES = 64;

    private final EnvironmentFactory env;
    private final int threads;
    private VectorEnv vectorEnv;

    /**
     * @param threads worker threads stepping the simulators (at least 1)
     */
    public Evaluator(EnvironmentFactory env, int threads) {
        if (threads < 1) {
            throw new InputException("evaluation threads must be >= 1, got " + threads);
        }
        this.env = env;
        this.threads = threads;
    }

    /** An evaluator using every available core. */
    public static Evaluator withAllCores(EnvironmentFactory env) {
        return new Evaluator(env, Runtime.getRuntime().availableProcessors());
    }

    public EnvironmentFactory env() {
        return env;
    }

    /**
     * Runs {@code episodes} seeded episodes.
     *
     * @throws InputException when the policy's sizes do not match the environment or episodes &lt; 1
     */
    public EvalResult evaluate(BatchPolicy policy, int episodes, long seed) {
        if (episodes < 1) {
            throw new InputException("episodes must be >= 1, got " + episodes);
        }
        env.requireMatches(policy.observationDim(), policy.actionDim(), "policy " + policy);
        long[] seeds = new SplittableRandom(seed).longs(episodes).toArray();
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        int chunk = Math.min(episodes, MAX_PARALLEL_EPISODES);
        if (vectorEnv == null || vectorEnv.numEnvs() < chunk) {
            if (vectorEnv != null) {
                vectorEnv.close();
            }
            vectorEnv = new VectorEnv(env, chunk, threads);
        }
        for (int from = 0; from < episodes; from += chunk) {
            int to = Math.min(episodes, from + chunk);
            long[] part = java.util.Arrays.copyOfRange(seeds, from, to);
            VectorEnv.Rollout r = vectorEnv.rollout(policy, part);
            System.arraycopy(r.returns(), 0, returns, from, to - from);
            System.arraycopy(r.lengths(), 0, lengths, from, to - from);
        }
        return EvalResult.of(env, seed, returns, lengths);
    }

    @Override
    public void close() {
        if (vectorEnv != null) {
            vectorEnv.close();
            vectorEnv = null;
        }
    }

    @Override
    public String toString() {
        return "Evaluator(env=" + env.id() + ", threads=" + threads + ")";
    }
}
