package io.ofql.agent;

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
     * The resolved hyperparameters for a task: the algorithm's defaults, then the task's preset,
     * then {@code overrides} (hyperparameter name to value). Unknown names or bad values raise an
     * {@link io.ofql.InputException} naming them.
     */
    Record config(String task, Map<String, String> overrides);

    /** Builds an agent with {@code config} (as returned by {@link #config}) on the given context. */
    Agent create(Record config, AgentContext context);
}
