package io.ofql.baselines.dql;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo dql}: {@code presets/dql.json} then overrides, built into a {@link DqlAgent}. */
public final class DqlFactory extends PresetAgentFactory<DqlConfig> {
    public DqlFactory() {
        super("dql", DqlConfig.class, DqlAgent::new);
    }
}
