package io.ofql.baselines.dql;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo dql}: {@link DqlConfig#forTask} then overrides, built into a {@link DqlAgent}. */
public final class DqlFactory extends PresetAgentFactory<DqlConfig> {
    public DqlFactory() {
        super("dql", DqlConfig.class, DqlConfig::forTask, DqlAgent::new);
    }
}
