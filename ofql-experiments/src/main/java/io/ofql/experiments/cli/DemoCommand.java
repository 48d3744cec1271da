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
 * {@code ofql demo}: the command a fresh machine can run with no dataset. A small sweep of every
 * algorithm on the classpath over {@code toy-bandit} (3 seeds as one ensemble each), then on stdout
 * the results table and the toy task's {@link ToyTable} (share of each seed's actions at the best
 * cluster, training time per step), the same tables as {@code demo.md}, the learning curves as
 * {@code demo.png} and the HTML report beside them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "A small sweep on toy-bandit (every algorithm found, 3 seeds), then the tables (also in demo.md), a plot and report.html.",
            "Needs no dataset; a few minutes on a 2-core CPU. Rerunning it reuses finished runs."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--steps", defaultValue = "400", description = "Gradient steps per run (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch-size", defaultValue = "256",
            description = "Transitions per seed and step for every algorithm (default: ${DEFAULT-VALUE}; the toy presets use 2048).")
    int batchSize;

    @Mixin SharedOptions.Seeds seeds;

    @Mixin SharedOptions.Device device;

    @Override
    public Integer call() throws Exception {
        List<String> algos = new ArrayList<>(Training.factories().keySet());
        if (algos.isEmpty()) {
            throw new InputException("no algorithms on the classpath (expected META-INF/services/io.ofql.agent.AgentFactory entries)");
        }
        long evalEvery = Math.max(1, steps / 4);
        // The toy presets' batch of 2048 would make the demo take many minutes on a small CPU; the
        // demo shows the pipeline, so it trades the batch for time.
        TreeMap<String, java.util.SortedMap<String, String>> overrides = new TreeMap<>();
        overrides.put("*", new TreeMap<>(Map.of("batchSize", Integer.toString(batchSize))));
        long[] seedList = seeds.orElse("0,1,2");
        SweepConfig config = new SweepConfig(List.of(Training.TOY_TASK), algos, seedList, steps, evalEvery,
                1, Math.max(1, steps / 30), evalEvery, null, new TreeMap<>(), overrides, device.device, 1);
        System.err.println("ofql demo: " + String.join(", ", algos) + " on " + Training.TOY_TASK + ", seeds "
                + java.util.Arrays.stream(seedList).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(","))
                + ", " + steps + " steps each (batch " + batchSize + "), into " + out);
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
                + " (100 = every action at the best cluster; mean ± std over seeds):\n\n" + scores
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
