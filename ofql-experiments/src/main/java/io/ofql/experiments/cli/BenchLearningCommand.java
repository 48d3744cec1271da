package io.ofql.experiments.cli;

import io.ofql.experiments.bench.LearningBenchmark;
import io.ofql.experiments.bench.Variant;
import io.ofql.experiments.run.AtomicFiles;
import io.ofql.experiments.run.TerminalProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ofql bench learning}: OFQL, its eta = 0 version, DQL (with and without its Q term) and
 * the one-step baselines trained for the same number of steps on the same D4RL-layout files,
 * evaluated in the toolkit's environments, in one table beside the behaviour policy's score
 * ({@link LearningBenchmark}). The table is printed and written to {@code OUT/learning.md}.
 */
@Command(
        name = "learning",
        mixinStandardHelpOptions = true,
        description = "Train several algorithms/settings on the same datasets and tabulate their scores "
                + "beside the behaviour's (OUT/learning.md).")
public final class BenchLearningCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "TASK=FILE (repeatable), e.g. "
            + "hopper-medium-v2=hopper-medium-p30.hdf5; the task names the environment that evaluates it.")
    List<String> data;

    @Option(names = "--variants", split = ";", description = "';'-separated algo or algo:name=value,... "
            + "(default: ofql;ofql:eta=0;dql;dql:eta=0;cpql;fql).")
    List<String> variants;

    @Option(names = "--steps", defaultValue = "10000", description = "Gradient steps per run (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seeds", defaultValue = "0,1,2", description = "Seeds, one ensemble per cell (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--eval-every", defaultValue = "5000", description = "Evaluate every K steps (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--eval-episodes", defaultValue = "10", description = "Episodes per seed per evaluation (default: ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--log-every", defaultValue = "500", description = "Record training metrics every M steps (default: ${DEFAULT-VALUE}).")
    long logEvery;

    @Option(names = "--out", defaultValue = "runs/learning", description = "Output root (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    SharedOptions.Device device;

    @Mixin
    SharedOptions.EvaluationProtocol protocol;

    @Override
    public Integer call() throws Exception {
        LearningBenchmark.Settings settings = new LearningBenchmark.Settings(
                data.stream().map(LearningBenchmark.Dataset::parse).toList(),
                variants == null ? LearningBenchmark.defaultVariants() : variants.stream().map(Variant::parse).toList(),
                TrainOptions.seeds(seeds), steps, evalEvery, evalEpisodes, logEvery, out, device.device,
                protocol.value());
        LearningBenchmark.Result result = LearningBenchmark.run(settings, TerminalProgress::new);
        String table = LearningBenchmark.markdown(result);
        AtomicFiles.writeString(out.resolve("learning.md"), table);
        System.out.print(table);
        System.out.println("written to " + out.resolve("learning.md"));
        return 0;
    }
}
