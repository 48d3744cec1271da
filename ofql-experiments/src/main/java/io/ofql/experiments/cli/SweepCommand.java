package io.ofql.experiments.cli;

import io.ofql.experiments.sweep.Shard;
import io.ofql.experiments.sweep.SweepConfig;
import io.ofql.experiments.sweep.SweepJob;
import io.ofql.experiments.sweep.SweepRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ofql sweep}: tasks x algorithms, each pair one ensemble run over all seeds. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Run every algorithm on every task (seeds as one ensemble per pair), from a JSON config and/or flags.",
            "Finished runs are skipped and interrupted ones resume. --shard i/n runs the i-th (0-based) of n parts,"
                    + " dealt round-robin over the sorted jobs, for a Slurm array or a Kubernetes indexed Job."
        })
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Sweep file (JSON, see docs/experiments.md); flags override its keys.")
    Path config;

    @Option(names = "--tasks", split = ",", description = "Tasks, comma-separated.")
    List<String> tasks;

    @Option(names = "--algos", split = ",", description = "Algorithms, comma-separated.")
    List<String> algos;

    @Mixin SharedOptions.Seeds seeds;

    @Mixin SharedOptions.Steps steps;

    @Option(names = "--eval-every", description = "Evaluate every K steps (default 10000).")
    Long evalEvery;

    @Option(names = "--eval-episodes", description = "Episodes per seed per evaluation (default 10).")
    Integer evalEpisodes;

    @Option(names = "--log-every", description = "Record training metrics every M steps (default 1000).")
    Long logEvery;

    @Option(names = "--checkpoint-every", description = "Checkpoint every C steps (default: the evaluation interval).")
    Long checkpointEvery;

    @Option(names = "--data-dir", description = "Directory of D4RL files.")
    Path dataDir;

    @Option(names = "--dataset", description = "task=FILE: the dataset of one task (repeatable).")
    List<String> datasets = new ArrayList<>();

    @Option(names = "--set", description = "name=value for every algorithm, or algo:name=value for one (repeatable).")
    List<String> set = new ArrayList<>();

    @Mixin SharedOptions.Device device;

    @Mixin SharedOptions.EvaluationProtocol protocol;

    @Mixin SharedOptions.OutputRoot out;

    @Option(names = "--shard", defaultValue = "0/1", description = "Run part i of n (0-based), e.g. 3/8 (default: all).")
    String shard;

    @Option(names = "--parallel", description = "Runs at once (separate processes; default 1, in this process).")
    Integer parallel;

    @Override
    public Integer call() throws Exception {
        SweepConfig c = config();
        Shard part = Shard.parse(shard);
        Map<SweepJob, String> outcome = new SweepRunner(c, out.out, System.err).run(part);
        long failed = outcome.values().stream().filter(o -> o.startsWith("failed")).count();
        System.out.println("sweep " + part + ": " + outcome.size() + " run(s), " + failed + " failed; results in " + out.out);
        outcome.forEach((job, o) -> System.out.println("  " + job + ": " + o));
        return failed == 0 ? 0 : 1;
    }

    /** Built-in defaults, then the file's keys, then the flags given. */
    SweepConfig config() {
        SweepConfig d = defaults();
        if (config != null) {
            d = SweepConfig.read(config, d);
        }
        SortedMap<String, SortedMap<String, String>> overrides = new TreeMap<>(d.overrides());
        TrainOptions.algoPairs(set).forEach((algo, pairs) -> overrides.computeIfAbsent(algo, k -> new TreeMap<>()).putAll(pairs));
        SortedMap<String, String> files = new TreeMap<>(d.datasets());
        files.putAll(TrainOptions.pairs("--dataset", datasets));
        long eval = evalEvery != null ? evalEvery : d.evalEvery();
        return new SweepConfig(
                tasks != null ? tasks : d.tasks(),
                algos != null ? algos : d.algos(),
                seeds.seeds != null ? seeds.orElse(null) : d.seeds(),
                steps.steps != null ? steps.steps : d.steps(),
                eval,
                evalEpisodes != null ? evalEpisodes : d.evalEpisodes(),
                logEvery != null ? logEvery : d.logEvery(),
                checkpointEvery != null ? checkpointEvery : (config == null || evalEvery != null ? eval : d.checkpointEvery()),
                dataDir != null ? dataDir : d.dataDir(),
                files,
                overrides,
                device.device != null ? device.device : d.device(),
                parallel != null ? parallel : d.parallel(),
                protocol.protocol != null ? protocol.value() : d.protocol());
    }

    /** Built-in defaults; tasks and algorithms must come from the file or the flags. */
    private SweepConfig defaults() {
        return new SweepConfig(List.of(), List.of(), new long[] {0, 1, 2}, 0, 10_000, 10, 1000, 10_000,
                null, new TreeMap<>(), new TreeMap<>(), null, 1);
    }
}
