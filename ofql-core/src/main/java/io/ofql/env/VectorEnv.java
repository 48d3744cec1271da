package io.ofql.env;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N episodes of one environment advancing in lock step: per step, the observations of the live
 * episodes are packed into one {@code nLive x observationDim} batch, the policy is called once,
 * and the simulators are stepped in parallel on a fixed thread pool. Finished episodes drop out
 * of the batch.
 *
 * <p>Each episode owns its simulator and its reset noise comes from its own seed, and every
 * result is written to that episode's slot, so the outcome is bit-identical for any thread count
 * or scheduling (MuJoCo itself is deterministic on one thread).
 */
public final class VectorEnv implements AutoCloseable {
    private final EnvironmentFactory factory;
    private final Environment[] envs;
    private final int threads;
    private final ExecutorService pool;

    /** Per-rollout totals, indexed like the seeds given to {@link #rollout}. */
    public record Rollout(double[] returns, int[] lengths, boolean[] terminals, long totalSteps) {}

    /**
     * @param numEnvs simulators held (the most episodes one rollout can run)
     * @param threads worker threads stepping them (1 steps on the caller's thread)
     */
    public VectorEnv(EnvironmentFactory factory, int numEnvs, int threads) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.factory = factory;
        this.threads = Math.min(threads, numEnvs);
        this.envs = new Environment[numEnvs];
        try {
            for (int i = 0; i < numEnvs; i++) {
                envs[i] = factory.create();
            }
        } catch (RuntimeException e) {
            closeEnvs();
            throw e;
        }
        if (this.threads > 1) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(this.threads, r -> {
                Thread t = new Thread(r, "ofql-env-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            pool = null;
        }
    }

    public EnvironmentFactory factory() {
        return factory;
    }

    public int numEnvs() {
        return envs.length;
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs one episode per seed to its end (terminal or the environment's time limit).
     *
     * @param seeds one reset seed per episode; at most {@link #numEnvs()}
     * @throws IllegalArgumentException when the policy's sizes do not fit the environment or it
     *     returns a wrongly sized batch
     */
    public Rollout rollout(BatchPolicy policy, long[] seeds) {
        int n = seeds.length;
        if (n < 1 || n > envs.length) {
            throw new IllegalArgumentException("rollout of " + n + " episodes on " + envs.length + " simulators");
        }
        int obsDim = factory.observationDim();
        int actDim = factory.actionDim();
        if (policy.observationDim() != obsDim || policy.actionDim() != actDim) {
            throw new IllegalArgumentException("policy sizes " + policy.observationDim() + "/" + policy.actionDim()
                    + " do not match " + factory.displayName() + " " + obsDim + "/" + actDim);
        }
        double[][] obs = new double[n][];
        double[] returns = new double[n];
        int[] lengths = new int[n];
        boolean[] terminals = new boolean[n];
        int[] live = new int[n];
        for (int i = 0; i < n; i++) {
            live[i] = i;
        }
        int nLive = n;
        parallel(n, i -> obs[i] = envs[i].reset(seeds[i]));

        long totalSteps = 0;
        while (nLive > 0) {
            float[] batch = new float[nLive * obsDim];
            for (int j = 0; j < nLive; j++) {
                double[] o = obs[live[j]];
                for (int k = 0; k < obsDim; k++) {
                    batch[j * obsDim + k] = (float) o[k];
                }
            }
            float[] actions = policy.act(batch, nLive);
            if (actions.length != nLive * actDim) {
                throw new IllegalArgumentException("policy returned " + actions.length + " values for "
                        + nLive + " observations, expected " + nLive * actDim);
            }
            boolean[] finished = new boolean[n];
            parallel(nLive, j -> {
                int i = live[j];
                double[] a = new double[actDim];
                for (int k = 0; k < actDim; k++) {
                    a[k] = actions[j * actDim + k];
                }
                Environment.Step step = envs[i].step(a);
                obs[i] = step.observation();
                returns[i] += step.reward();
                lengths[i]++;
                terminals[i] = step.terminal();
                finished[i] = step.done();
            });
            totalSteps += nLive;
            int kept = 0;
            for (int j = 0; j < nLive; j++) {
                if (!finished[live[j]]) {
                    live[kept++] = live[j];
                }
            }
            nLive = kept;
        }
        return new Rollout(returns, lengths, terminals, totalSteps);
    }

    private interface SlotTask {
        void run(int slot);
    }

    /** Runs the task for slots [0, count) in contiguous chunks, one chunk per worker thread. */
    private void parallel(int count, SlotTask task) {
        if (pool == null || count == 1) {
            for (int j = 0; j < count; j++) {
                task.run(j);
            }
            return;
        }
        int chunks = Math.min(threads, count);
        List<Callable<Void>> jobs = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) count * c / chunks);
            int to = (int) ((long) count * (c + 1) / chunks);
            jobs.add(() -> {
                for (int j = from; j < to; j++) {
                    task.run(j);
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(jobs)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stepping " + factory.displayName(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void closeEnvs() {
        for (Environment env : envs) {
            if (env != null) {
                env.close();
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        closeEnvs();
    }
}
