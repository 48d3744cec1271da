package io.ofql.agent;

import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Presets;
import io.ofql.config.Protocol;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The factory every algorithm uses: its preset file ({@code presets/<algorithm>.json}, see
 * {@link Presets}) resolved for the task, then the user's overrides, built into its agent. A
 * subclass only names the pieces, and keeps the public no-argument constructor that
 * {@link java.util.ServiceLoader} needs.
 *
 * @param <C> the algorithm's hyperparameter record
 */
public abstract class PresetAgentFactory<C extends Record & AlgorithmConfig> implements AgentFactory {
    private final String algorithm;
    private final Class<C> configType;
    private final BiFunction<C, AgentContext, Agent> build;
    private Presets<C> presets;

    protected PresetAgentFactory(String algorithm, Class<C> configType, BiFunction<C, AgentContext, Agent> build) {
        this.algorithm = algorithm;
        this.configType = configType;
        this.build = build;
    }

    @Override
    public final String algorithm() {
        return algorithm;
    }

    /** The algorithm's presets, read on first use. */
    public final synchronized Presets<C> presets() {
        if (presets == null) {
            presets = Presets.load(algorithm, configType);
        }
        return presets;
    }

    @Override
    public final C config(String task, Map<String, String> overrides) {
        return config(task, Protocol.PAPER, overrides);
    }

    @Override
    public final C config(String task, Protocol protocol, Map<String, String> overrides) {
        return resolve(task, protocol, overrides).config();
    }

    @Override
    public final Presets.Resolved<C> resolve(String task, Protocol protocol, Map<String, String> overrides) {
        return presets().resolve(task, protocol, overrides);
    }

    @Override
    public final Agent create(AlgorithmConfig config, AgentContext context) {
        if (!configType.isInstance(config)) {
            throw new IllegalArgumentException(algorithm + " needs a " + configType.getSimpleName() + ", got "
                    + config.getClass().getSimpleName());
        }
        return build.apply(configType.cast(config), context);
    }
}
