package io.ofql.experiments.cli;

import io.ofql.InputException;
import io.ofql.env.Environment;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.Environments;
import io.ofql.task.TaskRegistry;
import io.ofql.env.VectorEnv;
import io.ofql.env.BatchPolicy;
import io.ofql.experiments.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ofql bench env}: environment steps per second under uniformly random actions, for one
 * environment stepped in a loop and for a {@link VectorEnv} of several episodes on a thread
 * pool (whole episodes, so the batch shrinks as episodes end, as in evaluation). Each row gives
 * steps per wall-clock second and per CPU-second of the process; the latter is the steadier figure
 * on a shared machine.
 */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Environment steps per second, single and vectorised, written to a CSV.")
public final class BenchEnvCommand implements Runnable {
    /** Untimed steps before each environment's measurements, so the JIT has compiled the step path. */
    private static final long WARMUP_STEPS = 2000;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "20000", description = "Steps per measurement (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--envs", defaultValue = "16", description = "Episodes in the vector env (default ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--threads", description = "Vector env threads (default: all cores).")
    Integer threads;

    @Option(names = "--env", description = "Only this environment (default: all of them).")
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
        List<EnvironmentFactory> specs = only == null ? Environments.all() : List.of(TaskRegistry.environment(only));
        PrintWriter console = spec.commandLine().getOut();
        StringBuilder csv = new StringBuilder(
                "env,mode,envs,threads,steps,seconds,steps_per_second,cpu_seconds,steps_per_cpu_second\n");
        console.printf(Locale.ROOT, "%-12s %-7s %5s %7s %9s %8s %12s %14s%n",
                "env", "mode", "envs", "threads", "steps", "seconds", "steps/s", "steps/cpu-s");
        for (EnvironmentFactory e : specs) {
            single(e, Math.min(steps, WARMUP_STEPS));
            row(console, csv, e, "single", 1, 1, single(e, steps));
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

    /** Steps taken, wall time, and CPU time of the whole process (all threads) while taking them. */
    private record Measurement(long steps, long wallNanos, long cpuNanos) {}

    /** Process CPU time; on a shared machine steps per CPU-second is steadier than per wall-second. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static Measurement measure(long stepsTaken, long wallStart, long cpuStart) {
        long cpu = processCpuNanos();
        return new Measurement(stepsTaken, System.nanoTime() - wallStart, cpuStart < 0 || cpu < 0 ? -1 : cpu - cpuStart);
    }

    private static void row(PrintWriter console, StringBuilder csv, EnvironmentFactory e, String mode, int n, int t, Measurement m) {
        double seconds = m.wallNanos() / 1e9;
        double rate = m.steps() / seconds;
        double cpuSeconds = m.cpuNanos() < 0 ? Double.NaN : m.cpuNanos() / 1e9;
        double cpuRate = m.steps() / cpuSeconds;
        console.printf(Locale.ROOT, "%-12s %-7s %5d %7d %9d %8.3f %12.0f %14.0f%n",
                e.id(), mode, n, t, m.steps(), seconds, rate, cpuRate);
        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.6f,%.1f,%.6f,%.1f%n",
                e.id(), mode, n, t, m.steps(), seconds, rate, cpuSeconds, cpuRate));
    }

    /** One environment stepped {@code count} times with random actions, resetting at episode ends. */
    private static Measurement single(EnvironmentFactory e, long count) {
        SplittableRandom rng = new SplittableRandom(0);
        try (Environment env = e.create()) {
            double[] action = new double[e.actionDim()];
            long episode = 0;
            env.reset(episode);
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            for (long t = 0; t < count; t++) {
                for (int k = 0; k < action.length; k++) {
                    action[k] = rng.nextDouble(-1.0, 1.0);
                }
                if (env.step(action).done()) {
                    env.reset(++episode);
                }
            }
            return measure(count, start, cpuStart);
        }
    }

    /** Whole vector-env rollouts until at least --steps steps. */
    private Measurement vector(EnvironmentFactory e, int nThreads) {
        BatchPolicy random = randomPolicy(e);
        try (VectorEnv venv = new VectorEnv(e, envs, nThreads)) {
            long taken = 0;
            long round = 0;
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            while (taken < steps) {
                long[] seeds = new long[envs];
                for (int i = 0; i < envs; i++) {
                    seeds[i] = round * envs + i;
                }
                taken += venv.rollout(random, seeds).totalSteps();
                round++;
            }
            return measure(taken, start, cpuStart);
        }
    }

    private static BatchPolicy randomPolicy(EnvironmentFactory e) {
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
