package io.ofql.experiments.report;

import com.google.gson.JsonObject;
import io.ofql.InputException;
import io.ofql.agent.AgentFactory;
import io.ofql.config.Protocol;
import io.ofql.experiments.run.RecordJson;
import io.ofql.experiments.run.Training;
import java.util.Map;
import java.util.Optional;

/**
 * The preset a run's configuration is compared with: the algorithm's resolved hyperparameters
 * for the task under the run's evaluation protocol with no overrides, in the form
 * {@code config.json} stores them. This is the one
 * place the report asks where presets come from.
 */
public final class ConfigPresets {
    private ConfigPresets() {}

    /**
     * The preset of {@code algo} on {@code task}, or empty when the algorithm is not on the class
     * path (a report opened on another machine) or no longer accepts the task.
     */
    public static Optional<JsonObject> of(String algo, String task, String protocol) {
        AgentFactory f = Training.factories().get(algo);
        if (f == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordJson.toJson(f.config(task, Protocol.parse(protocol), Map.of())));
        } catch (InputException e) {
            return Optional.empty();
        }
    }
}
