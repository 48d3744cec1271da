package io.ofql.experiments.sweep;

import io.ofql.experiments.run.Progress;
import io.ofql.experiments.run.RunSettings;
import io.ofql.experiments.run.TerminalProgress;
import io.ofql.experiments.run.TrainRequest;
import io.ofql.experiments.run.Training;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs a sweep's jobs (or one shard of them): finished runs are skipped, interrupted ones resume.
 * With {@code parallel = 1} the jobs run one after another in this process; with more, each job
 * runs as its own {@code ofql train} process (its output in {@code OUT/logs/<task>.<algo>.log}),
 * at most {@code parallel} at once, so several runs can share one GPU and a crash of one does not
 * take the others down. Parallel jobs start longest first (by gradient steps), so a short job
 * fills a worker's tail instead of a long one starting last; the workers' progress lines are
 * relayed to this runner's report as they appear in their logs.
 */
public final class SweepRunner {
    private static final Logger LOG = LogManager.getLogger(SweepRunner.class);

    /**
     * glibc malloc settings for the workers, unless the user set either: libtorch's CPU allocator
     * keeps no cache, and with glibc's defaults most of what a training step frees goes back to
     * the kernel and is faulted in again (zeroed) by the next step. Keeping it (mmap only from
     * 32 MiB, glibc's largest dynamic threshold; no trimming below 1 GiB) made toy-bandit steps
     * on a 2-core CPU 10-30% faster at no cost on the GPU (docs/experiments.md, "CPU speed").
     */
    public static final Map<String, String> MALLOC_ENVIRONMENT =
            Map.of("MALLOC_MMAP_THRESHOLD_", "33554432", "MALLOC_TRIM_THRESHOLD_", "1073741824");

    private final SweepConfig config;
    private final Path out;
    private final PrintStream report;

    public SweepRunner(SweepConfig config, Path out, PrintStream report) {
        this.config = config;
        this.out = out;
        this.report = report;
    }

    /** The train request of one job. */
    public TrainRequest request(SweepJob job) {
        SortedMap<String, String> overrides = new TreeMap<>(config.overrides().getOrDefault("*", new TreeMap<>()));
        overrides.putAll(config.overrides().getOrDefault(job.algo(), new TreeMap<>()));
        String dataset = config.datasets().get(job.task());
        long steps = config.steps() > 0 ? config.steps() : Training.defaultSteps(job.algo(), job.task(), overrides);
        RunSettings s = new RunSettings(job.algo(), job.task(), config.seeds(), steps, config.evalEvery(),
                config.evalEpisodes(), config.logEvery(), config.checkpointEvery(), overrides,
                dataset == null ? null : java.nio.file.Path.of(dataset).toAbsolutePath().normalize().toString(),
                config.protocol());
        return new TrainRequest(s, out, config.dataDir(), config.device());
    }

    /**
     * Validates every job of the shard before any runs, then runs them.
     *
     * @return job to outcome ({@code finished}, {@code skipped (finished before)}, {@code failed ...})
     */
    public Map<SweepJob, String> run(Shard shard) throws IOException, InterruptedException {
        List<SweepJob> mine = shard.select(config.jobs());
        for (SweepJob job : mine) {
            Training.validate(request(job));
        }
        Map<SweepJob, String> outcome = new LinkedHashMap<>();
        List<SweepJob> todo = new ArrayList<>();
        for (SweepJob job : mine) {
            if (request(job).directory().isFinished()) {
                outcome.put(job, "skipped (finished before)");
                report.println("sweep: " + job + " already finished, skipped");
            } else {
                todo.add(job);
            }
        }
        if (config.parallel() == 1) {
            for (SweepJob job : todo) {
                report.println("sweep: " + job + (request(job).directory().isStarted() ? " (resuming)" : ""));
                try (Progress p = new TerminalProgress(job.toString())) {
                    Training.run(request(job), p);
                    outcome.put(job, "finished");
                } catch (RuntimeException e) {
                    LOG.debug("job {} failed", job, e);
                    outcome.put(job, "failed: " + e.getMessage());
                }
            }
        } else {
            outcome.putAll(runProcesses(todo));
        }
        return outcome;
    }

    private Map<SweepJob, String> runProcesses(List<SweepJob> jobs) throws IOException, InterruptedException {
        Map<SweepJob, String> outcome = new LinkedHashMap<>();
        Path logs = out.resolve("logs");
        Files.createDirectories(logs);
        List<SweepJob> queue = startOrder(jobs);
        Map<SweepJob, Worker> running = new LinkedHashMap<>();
        int next = 0;
        while (next < queue.size() || !running.isEmpty()) {
            while (next < queue.size() && running.size() < config.parallel()) {
                SweepJob job = queue.get(next++);
                Path log = logs.resolve(job.task() + "." + job.algo() + ".log");
                ProcessBuilder pb = new ProcessBuilder(command(request(job)));
                pb.redirectErrorStream(true);
                if (MALLOC_ENVIRONMENT.keySet().stream().noneMatch(pb.environment()::containsKey)) {
                    pb.environment().putAll(MALLOC_ENVIRONMENT);
                }
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                report.println("sweep: started " + job + " (log " + log + ")");
                LogTail tail = new LogTail(log, job + ": step ");
                running.put(job, new Worker(pb.start(), tail));
            }
            for (Map.Entry<SweepJob, Worker> e : new ArrayList<>(running.entrySet())) {
                // Read the liveness first: a worker that ends during the relay has its last lines
                // relayed on the next round, before it is reported finished.
                boolean ended = !e.getValue().process().isAlive();
                e.getValue().tail().relay(report);
                if (ended) {
                    int rc = e.getValue().process().exitValue();
                    outcome.put(e.getKey(), rc == 0 ? "finished" : "failed (exit " + rc + ", see its log)");
                    report.println("sweep: " + e.getKey() + " " + outcome.get(e.getKey()));
                    running.remove(e.getKey());
                }
            }
            Thread.sleep(200);
        }
        return outcome;
    }

    /** A running worker process and the relay of its log's progress lines. */
    private record Worker(Process process, LogTail tail) {}

    /** The jobs by gradient steps, most first; jobs with equal steps keep their order. */
    List<SweepJob> startOrder(List<SweepJob> jobs) {
        Map<SweepJob, Long> steps = new LinkedHashMap<>();
        for (SweepJob job : jobs) {
            steps.put(job, request(job).settings().steps());
        }
        List<SweepJob> queue = new ArrayList<>(jobs);
        queue.sort(Comparator.comparingLong(steps::get).reversed());
        return queue;
    }

    /** The command line of a worker process: this JVM's java, class path and properties. */
    static List<String> command(TrainRequest r) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        for (String p : new String[] {"ai.djl.offline", "ofql.log.level", "java.awt.headless"}) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("io.ofql.experiments.cli.Ofql");
        cmd.addAll(r.toArgs());
        return cmd;
    }
}
