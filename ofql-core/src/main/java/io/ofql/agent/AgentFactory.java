package io.ofql.agent;

import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Presets;
import io.ofql.config.Protocol;
import java.util.List;
import java.util.Map;

/**
 * Creates one algorithm's agents. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/io.ofql.agent.AgentFactory}), so the command line knows
 * every algorithm on the classpath without a hand-kept registry.
 */
public interface AgentFactory {

    /** The {@code --algo} name, e.g. {@code ofql}, {@code dql}. */
    String algorithm();

    /**
     * The resolved hyperparameters for a task: the algorithm's presets for it, then
     * {@code overrides} (hyperparameter name to value). An unknown task, unknown names or bad
     * values raise an {@link io.ofql.InputException} naming them.
     */
    default AlgorithmConfig config(String task, Map<String, String> overrides) {
        return config(task, Protocol.PAPER, overrides);
    }

    /** {@link #config(String, Map)} under an evaluation protocol ({@link Protocol#PAPER}: the presets' own). */
    default AlgorithmConfig config(String task, Protocol protocol, Map<String, String> overrides) {
        return resolve(task, protocol, overrides).config();
    }

    /** {@link #resolve(String, Protocol, Map)} under the paper protocol. */
    default Presets.Resolved<? extends AlgorithmConfig> resolve(String task, Map<String, String> overrides) {
        return resolve(task, Protocol.PAPER, overrides);
    }

    /**
     * {@link #config} with the source of every value (preset default, domain, task row, shared
     * protocol or {@code --set}).
     */
    Presets.Resolved<? extends AlgorithmConfig> resolve(String task, Protocol protocol, Map<String, String> overrides);

    /** Builds an agent with {@code config} (as returned by {@link #config}) on the given context. */
    Agent create(AlgorithmConfig config, AgentContext context);

    /** The settings of {@link #resolve}, for listings. */
    default List<Presets.Setting> explain(String task, Protocol protocol, Map<String, String> overrides) {
        return resolve(task, protocol, overrides).settings();
    }
}
