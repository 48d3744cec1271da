package io.ofql.experiments.cli;

import com.google.gson.JsonObject;
import io.ofql.experiments.run.Progress;
import io.ofql.experiments.run.RunSettings;
import io.ofql.experiments.run.TerminalProgress;
import io.ofql.experiments.run.TrainRequest;
import io.ofql.experiments.run.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ofql train}: one algorithm on one task, all seeds as one ensemble model, with periodic
 * evaluation and checkpoints; rerunning the same command resumes an interrupted run.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train one algorithm on one task; all seeds train as one ensemble model.",
            "Writes OUT/<task>/<algo>/ (config.json, train.csv, evals.csv, checkpoint, summary.json).",
            "Run the same command again to resume after an interruption."
        })
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--algo", required = true, description = "Algorithm (found on the classpath, e.g. ofql, dql).")
    String algo;

    @Option(names = "--task", required = true, description = "toy-bandit or a D4RL task name, e.g. hopper-medium-v2.")
    String task;

    @Option(names = "--dataset", description = "D4RL HDF5 file, OGBench .npz file, Minari dataset folder or Minari id "
            + "such as mujoco/hopper/medium-v0 (default: the task's D4RL file in the data directory).")
    Path dataset;

    @Option(names = "--data-dir", description = "Directory of D4RL files (default: $OFQL_DATA_DIR or ~/.d4rl/datasets).")
    Path dataDir;

    @Mixin SharedOptions.Seeds seeds;

    @Mixin SharedOptions.Steps steps;

    @Option(names = "--eval-every", defaultValue = "10000", description = "Evaluate every K steps (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--eval-episodes", defaultValue = "10", description = "Episodes per seed per evaluation before the last "
            + "step; the last runs the protocol's finalEpisodes (default: ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--log-every", defaultValue = "1000", description = "Record training metrics every M steps (default: ${DEFAULT-VALUE}).")
    long logEvery;

    @Option(names = "--checkpoint-every", description = "Checkpoint every C steps (default: the evaluation interval).")
    Long checkpointEvery;

    @Mixin SharedOptions.OutputRoot out;

    @Mixin SharedOptions.Device device;

    @Mixin SharedOptions.EvaluationProtocol protocol;

    @Mixin SharedOptions.Overrides set;

    @Option(names = "--json", description = "Print the summary as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TrainRequest request = request();
        JsonObject summary;
        try (Progress progress = new TerminalProgress(task + "/" + algo)) {
            summary = Training.run(request, progress);
        }
        summary.addProperty("run_dir", request.directory().root().toString());
        System.out.println(describe(summary));
        if (json) {
            System.out.println(summary);
        }
        return 0;
    }

    TrainRequest request() {
        java.util.SortedMap<String, String> overrides = set.pairs();
        long n = steps.steps != null ? steps.steps : Training.defaultSteps(algo, task, overrides);
        RunSettings settings = new RunSettings(algo, task, seeds.orElse("0"), n, evalEvery, evalEpisodes,
                logEvery, checkpointEvery == null ? evalEvery : checkpointEvery, overrides,
                dataset == null ? null
                        // a Minari id is not a path here; it is looked up when the run reads its data
                        : java.nio.file.Files.exists(dataset) ? dataset.toAbsolutePath().normalize().toString()
                        : dataset.toString(), protocol.value());
        return new TrainRequest(settings, out.out, dataDir, device.device);
    }

    /** One human-readable line: the final score over seeds and where the run lives. */
    static String describe(JsonObject s) {
        String score = "";
        if (s.has("normalized_score_mean") && !s.get("normalized_score_mean").isJsonNull()) {
            score = String.format(Locale.ROOT, "normalized score %.1f", s.get("normalized_score_mean").getAsDouble());
            if (s.has("normalized_score_std") && !s.get("normalized_score_std").isJsonNull()) {
                score += String.format(Locale.ROOT, " ± %.1f", s.get("normalized_score_std").getAsDouble());
            }
            score += " over " + s.getAsJsonArray("seeds").size() + " seed(s); ";
        }
        return s.get("task").getAsString() + "/" + s.get("algo").getAsString() + ": " + score
                + "results in " + s.get("run_dir").getAsString();
    }
}
