package io.ofql.experiments.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.ofql.InputException;
import io.ofql.experiments.run.EvalRecord;
import io.ofql.experiments.run.RunDirectory;
import io.ofql.experiments.run.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ofql evaluate}: evaluates the last checkpoint of a run again, without touching its files. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate the last checkpoint of a run (per seed; the run's files are left as they are).")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "The run directory (OUT/<task>/<algo>).")
    Path run;

    @Option(names = "--episodes", description = "Episodes per seed (default: as the run evaluated that checkpoint, "
            + "its protocol's finalEpisodes for the final one, else its --eval-episodes).")
    Integer episodes;

    @Option(names = "--data-dir", description = "Directory of D4RL files, if the run used the default one.")
    Path dataDir;

    @Mixin SharedOptions.Device device;

    @Option(names = "--json", description = "Print the result as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunDirectory dir = new RunDirectory(run);
        if (!Files.isRegularFile(dir.config())) {
            throw new InputException("--run " + run + ": not a run directory (no config.json)");
        }
        Training.Evaluation e = Training.evaluateCheckpoint(dir, episodes, dataDir, device.device);
        JsonObject o = new JsonObject();
        o.addProperty("run_dir", run.toString());
        o.addProperty("step", e.step());
        JsonArray perSeed = new JsonArray();
        double sum = 0;
        for (EvalRecord r : e.records()) {
            JsonObject s = new JsonObject();
            s.addProperty("seed", r.seed());
            s.addProperty("normalized_score_mean", r.scoreMean());
            if (!Double.isNaN(r.returnMean())) {
                s.addProperty("return_mean", r.returnMean());
            }
            s.addProperty("episodes", r.episodes());
            perSeed.add(s);
            sum += r.scoreMean();
            System.out.printf(Locale.ROOT, "seed %d: normalized score %.1f%s (%d %s)%n", r.seed(), r.scoreMean(),
                    Double.isNaN(r.returnMean()) ? "" : String.format(Locale.ROOT, ", return %.1f", r.returnMean()),
                    r.episodes(), Double.isNaN(r.returnMean()) ? "actions" : "episodes");
        }
        List<EvalRecord> records = e.records();
        o.addProperty("normalized_score_mean", sum / records.size());
        o.add("per_seed", perSeed);
        System.out.printf(Locale.ROOT, "step %d: mean normalized score %.1f over %d seed(s)%n", e.step(), sum / records.size(), records.size());
        if (json) {
            System.out.println(o);
        }
        return 0;
    }
}
