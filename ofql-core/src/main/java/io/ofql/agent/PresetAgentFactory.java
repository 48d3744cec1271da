package io.ofql.agent;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The factory every algorithm uses: its config record's per-task preset, then the user's
 * overrides ({@link RecordOverrides}), built into its agent. A subclass only names the pieces, and
 * keeps the public no-argument constructor that {@link java.util.ServiceLoader} needs.
 *
 * @param <C> the algorithm's hyperparameter record
 */
public abstract class PresetAgentFactory<C extends Record> implements AgentFactory {
    private final String algorithm;
    private final Class<C> configType;
    private final Function<String, C> preset;
    private final BiFunction<C, AgentContext, Agent> build;

    protected PresetAgentFactory(String algorithm, Class<C> configType, Function<String, C> preset,
            BiFunction<C, AgentContext, Agent> build) {
        this.algorithm = algorithm;
        this.configType = configType;
        this.preset = preset;
        this.build = build;
    }

    @Override
    public final String algorithm() {
        return algorithm;
    }

    @Override
    public final C config(String task, Map<String, String> overrides) {
        return RecordOverrides.apply(preset.apply(task), overrides);
    }

    @Override
    public final Agent create(Record config, AgentContext context) {
        if (!configType.isInstance(config)) {
            throw new IllegalArgumentException(algorithm + " needs a " + configType.getSimpleName() + ", got "
                    + config.getClass().getSimpleName());
        }
        return build.apply(configType.cast(config), context);
    }
}
