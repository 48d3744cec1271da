package io.ofql.experiments.cli;

import io.ofql.InputException;
import io.ofql.env.EnvSpec;
import io.ofql.env.MujocoEnv;
import io.ofql.env.VectorEnv;
import io.ofql.eval.BatchPolicy;
import io.ofql.experiments.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ofql bench env}: environment steps per second under uniformly random actions, for one
 * environment stepped in a loop and for a {@link VectorEnv} of several episodes on a thread
 * pool (whole episodes, so the batch shrinks as episodes end, as in evaluation).
 */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Environment steps per second, single and vectorised, written to a CSV.")
public final class BenchEnvCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "20000", description = "Steps per measurement (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--envs", defaultValue = "16", description = "Episodes in the vector env (default ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--threads", description = "Vector env threads (default: all cores).")
    Integer threads;

    @Option(names = "--env", description = "Only this environment (default: all four).")
    String only;

    @Option(names = "--out", defaultValue = "bench-env.csv", description = "CSV written (atomically; default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public void run() {
        if (steps < 1) {
            throw new InputException("--steps must be >= 1, got " + steps);
        }
        if (envs < 1) {
            throw new InputException("--envs must be >= 1, got " + envs);
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new InputException("--threads must be >= 1, got " + nThreads);
        }
        Path dir = out.toAbsolutePath().getParent();
        AtomicFiles.requireWritableDirectory(dir, "--out directory");
        EnvSpec[] specs = only == null ? EnvSpec.values() : new EnvSpec[] {EnvSpec.forTask(only)};
        PrintWriter console = spec.commandLine().getOut();
        StringBuilder csv = new StringBuilder("env,mode,envs,threads,steps,seconds,steps_per_second\n");
        console.printf(Locale.ROOT, "%-12s %-7s %5s %7s %9s %8s %12s%n", "env", "mode", "envs", "threads", "steps", "seconds", "steps/s");
        for (EnvSpec e : specs) {
            row(console, csv, e, "single", 1, 1, single(e));
            row(console, csv, e, "vector", envs, Math.min(nThreads, envs), vector(e, nThreads));
        }
        console.flush();
        try {
            AtomicFiles.writeString(out, csv.toString());
        } catch (IOException ex) {
            throw new InputException("cannot write --out " + out + " (" + ex.getMessage() + ")", ex);
        }
        console.println("wrote " + out);
        console.flush();
    }

    private static void row(PrintWriter console, StringBuilder csv, EnvSpec e, String mode, int n, int t, long[] stepsAndNanos) {
        double seconds = stepsAndNanos[1] / 1e9;
        double rate = stepsAndNanos[0] / seconds;
        console.printf(Locale.ROOT, "%-12s %-7s %5d %7d %9d %8.3f %12.0f%n", e.id(), mode, n, t, stepsAndNanos[0], seconds, rate);
        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.6f,%.1f%n", e.id(), mode, n, t, stepsAndNanos[0], seconds, rate));
    }

    /** {steps taken, nanoseconds} for one environment stepped with random actions. */
    private long[] single(EnvSpec e) {
        SplittableRandom rng = new SplittableRandom(0);
        try (MujocoEnv env = new MujocoEnv(e)) {
            double[] action = new double[e.actionDim()];
            long episode = 0;
            env.reset(episode);
            long start = System.nanoTime();
            for (long t = 0; t < steps; t++) {
                for (int k = 0; k < action.length; k++) {
                    action[k] = rng.nextDouble(-1.0, 1.0);
                }
                if (env.step(action).done()) {
                    env.reset(++episode);
                }
            }
            return new long[] {steps, System.nanoTime() - start};
        }
    }

    /** {steps taken, nanoseconds} for whole vector-env rollouts until at least --steps steps. */
    private long[] vector(EnvSpec e, int nThreads) {
        BatchPolicy random = randomPolicy(e);
        try (VectorEnv venv = new VectorEnv(e, envs, nThreads)) {
            long taken = 0;
            long round = 0;
            long start = System.nanoTime();
            while (taken < steps) {
                long[] seeds = new long[envs];
                for (int i = 0; i < envs; i++) {
                    seeds[i] = round * envs + i;
                }
                taken += venv.rollout(random, seeds).totalSteps();
                round++;
            }
            return new long[] {taken, System.nanoTime() - start};
        }
    }

    private static BatchPolicy randomPolicy(EnvSpec e) {
        SplittableRandom rng = new SplittableRandom(1);
        return new BatchPolicy() {
            @Override
            public int observationDim() {
                return e.observationDim();
            }

            @Override
            public int actionDim() {
                return e.actionDim();
            }

            @Override
            public float[] act(float[] observations, int n) {
                float[] a = new float[n * e.actionDim()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rng.nextDouble(-1.0, 1.0);
                }
                return a;
            }
        };
    }
}
