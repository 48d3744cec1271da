package io.ofql.experiments.cli;

import io.ofql.InputException;
import io.ofql.task.Task;
import io.ofql.task.TaskRegistry;
import io.ofql.experiments.report.Aggregate;
import io.ofql.experiments.report.CurvePlot;
import io.ofql.experiments.report.RunResult;
import io.ofql.experiments.report.ScoreTable;
import io.ofql.experiments.report.TableFormat;
import io.ofql.experiments.report.ToyTable;
import io.ofql.experiments.run.AtomicFiles;
import io.ofql.experiments.run.Training;
import io.ofql.experiments.sweep.Shard;
import io.ofql.experiments.sweep.SweepConfig;
import io.ofql.experiments.sweep.SweepJob;
import io.ofql.experiments.sweep.SweepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ofql demo}: the command a fresh machine can run with no dataset. Every algorithm on the
 * classpath trains on {@code toy-bandit} with its toy preset as shipped (App. C of the OFQL paper:
 * 3 x 64 networks, batches of 2048, each algorithm's own step count), one seed by default, as
 * many runs at once as there are cores (each its own process, longest first). Then on stdout the
 * results table and the toy task's {@link ToyTable} (share of each seed's actions at the best
 * cluster, training time per step), the same tables as {@code demo.md}, the learning curves as
 * {@code demo.png} and the HTML report beside them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Every algorithm found trains on toy-bandit with its toy preset (seed 0, runs in parallel), then the tables"
                    + " (also in demo.md), a plot and report.html.",
            "Needs no dataset; about five minutes on a 2-core CPU. Rerunning it reuses finished runs."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--steps", defaultValue = "0",
            description = "Gradient steps per run (default: each algorithm's toy-bandit preset, 1000-4000).")
    long steps;

    @Option(names = "--batch-size", defaultValue = "0",
            description = "Transitions per seed and step for every algorithm (default: the presets' 2048).")
    int batchSize;

    @Option(names = "--parallel", defaultValue = "0",
            description = "Runs at once, each in its own process (default: one per core, at most one per algorithm).")
    int parallel;

    @Mixin SharedOptions.Seeds seeds;

    @Mixin SharedOptions.Device device;

    @Override
    public Integer call() throws Exception {
        List<String> algos = new ArrayList<>(Training.factories().keySet());
        if (algos.isEmpty()) {
            throw new InputException("no algorithms on the classpath (expected META-INF/services/io.ofql.agent.AgentFactory entries)");
        }
        requireNonNegative("--steps", steps);
        requireNonNegative("--batch-size", batchSize);
        requireNonNegative("--parallel", parallel);
        TreeMap<String, java.util.SortedMap<String, String>> overrides = new TreeMap<>();
        if (batchSize > 0) {
            overrides.put("*", new TreeMap<>(Map.of("batchSize", Integer.toString(batchSize))));
        }
        // Evaluations every half of the shortest run: two points on the shortest curve, and each
        // evaluation (10,000 actions, 50 candidates each for DQL) stays a small share of the time.
        long shortest = steps;
        if (shortest == 0) {
            shortest = Long.MAX_VALUE;
            for (String algo : algos) {
                shortest = Math.min(shortest, Training.defaultSteps(algo, Training.TOY_TASK,
                        overrides.getOrDefault("*", new TreeMap<>())));
            }
        }
        long evalEvery = Math.max(1, shortest / 2);
        int workers = parallel > 0 ? parallel : Math.min(Runtime.getRuntime().availableProcessors(), algos.size());
        long[] seedList = seeds.orElse("0");
        SweepConfig config = new SweepConfig(List.of(Training.TOY_TASK), algos, seedList, steps, evalEvery,
                1, Math.max(1, shortest / 20), evalEvery, null, new TreeMap<>(), overrides, device.device, workers);
        System.err.println("ofql demo: " + String.join(", ", algos) + " on " + Training.TOY_TASK + ", seeds "
                + java.util.Arrays.stream(seedList).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(","))
                + ", " + (steps > 0 ? steps + " steps each" : "each preset's steps")
                + (batchSize > 0 ? " (batch " + batchSize + ")" : "") + ", " + workers + " at once, into " + out);
        Map<SweepJob, String> outcome = new SweepRunner(config, out, System.err).run(Shard.ALL);
        for (Map.Entry<SweepJob, String> e : outcome.entrySet()) {
            if (e.getValue().startsWith("failed")) {
                throw new IllegalStateException("demo run " + e.getKey() + " " + e.getValue());
            }
        }
        List<RunResult> results = RunResult.load(List.of(out));
        String scores = TableFormat.MD.render(ScoreTable.build(
                results, RunResult.Select.FINAL, null, Aggregate.DEFAULT_RESAMPLES, Aggregate.DEFAULT_SEED));
        String toy = ToyTable.build(List.of(out)).markdown();
        String tables = "Final normalized score on " + Training.TOY_TASK
                + " (100 = every action at the best cluster; mean ± std where there are several seeds):\n\n" + scores
                + "\nWhere the actions went (share within 0.2 of the best cluster (0.8, -0.8), per seed at the last"
                + " evaluation) and the training time per gradient step (evaluation left out):\n\n" + toy;
        System.out.print(tables);
        Path png = out.resolve("demo.png");
        CurvePlot.write(results, png);
        Path markdown = out.resolve("demo.md");
        AtomicFiles.writeString(markdown, "# ofql demo\n\n" + tables);
        Path report = out.resolve("report.html");
        ReportCommand.write(List.of(out), report);
        System.out.println();
        System.out.println("Learning curves: " + png + "; tables (Markdown): " + markdown + "; run files: " + out + "/"
                + Training.TOY_TASK + "/<algo>/");
        System.out.println("Report (open in a browser): " + report);
        d4rlHint(algos);
        return 0;
    }

    private static void requireNonNegative(String option, long value) {
        if (value < 0) {
            throw new InputException("demo: " + option + " must be >= 0 (0: the default), got " + value);
        }
    }

    /** If D4RL files sit in the data directory, says how to run the real sweep on them. */
    static void d4rlHint(List<String> algos) throws IOException {
        Path dir = Task.defaultDataDir();
        if (!Files.isDirectory(dir)) {
            System.out.println("No D4RL data in " + dir + " (set " + Task.DATA_DIR_ENV
                    + "); see docs/experiments.md for the real sweep.");
            return;
        }
        List<String> tasks = new ArrayList<>();
        for (String env : List.of("halfcheetah", "hopper", "walker2d")) {
            for (String kind : List.of("medium-expert", "medium", "medium-replay")) {
                String name = env + "-" + kind + "-v2";
                if (Files.isRegularFile(dir.resolve(TaskRegistry.resolve(name).fileName()))) {
                    tasks.add(name);
                }
            }
        }
        if (tasks.isEmpty()) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.noneMatch(f -> f.toString().endsWith(".hdf5"))) {
                    System.out.println("No D4RL files in " + dir + "; see docs/experiments.md for the real sweep.");
                    return;
                }
            }
        }
        System.out.println("D4RL files found in " + dir + ". The paper's sweep on them:");
        System.out.println("  ofql sweep --tasks " + String.join(",", tasks.isEmpty() ? List.of("hopper-medium-v2") : tasks)
                + " --algos " + String.join(",", algos) + " --seeds 0,1,2 --steps 1000000 --eval-every 10000 --out runs/d4rl");
        System.out.println("  ofql table runs/d4rl --paper && ofql plot runs/d4rl --out runs/d4rl/curves.png");
    }
}
