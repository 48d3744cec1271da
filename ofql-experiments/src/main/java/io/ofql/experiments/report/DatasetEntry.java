package io.ofql.experiments.report;

import io.ofql.task.Task;
import io.ofql.task.TaskRegistry;
import com.google.gson.JsonObject;
import io.ofql.experiments.run.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A dataset the report's runs trained on: the task, where its data came from, what the runs
 * recorded about it ({@code run} of {@code config.json}: sizes after the reward and Q-learning
 * preparation) and, when the file is on this machine, the fields of {@code ofql dataset info}.
 *
 * @param task the task name
 * @param source the dataset file (as the run named it or the default data directory resolves it),
 *     or a description of generated data
 * @param recorded what the runs' {@code config.json} recorded (observation and action sizes, transitions)
 * @param info {@code ofql dataset info --json} of the file, or {@code null} when the file is not here
 */
public record DatasetEntry(String task, String source, Map<String, String> recorded, JsonObject info) {

    /**
     * One entry per distinct (task, dataset file) of the runs, in task order.
     *
     * @param info reads {@code ofql dataset info} of a file that exists
     */
    public static List<DatasetEntry> of(List<RunStatus> runs, Function<Path, Optional<JsonObject>> info) {
        Map<String, DatasetEntry> byKey = new LinkedHashMap<>();
        runs.stream().sorted(java.util.Comparator.comparing(RunStatus::task)).forEach(r -> {
            String task = r.task();
            Path file = null;
            String source;
            if (task.equals(Training.TOY_TASK)) {
                source = "generated (the 2-D toy bandit; no file)";
            } else {
                file = r.settings().has("dataset")
                        ? Path.of(r.settings().get("dataset").getAsString())
                        : Task.defaultDataDir().resolve(TaskRegistry.resolve(task).fileName());
                source = file.toString();
            }
            String key = task + "\u0000" + source;
            if (byKey.containsKey(key)) {
                return;
            }
            Map<String, String> recorded = new LinkedHashMap<>();
            for (String k : List.of("observation_dim", "action_dim", "transitions")) {
                if (r.run().has(k)) {
                    recorded.put(k, r.run().get(k).getAsString());
                }
            }
            JsonObject fileInfo = file != null && Files.isRegularFile(file) ? info.apply(file).orElse(null) : null;
            byKey.put(key, new DatasetEntry(task, source, recorded, fileInfo));
        });
        return new ArrayList<>(byKey.values());
    }
}
