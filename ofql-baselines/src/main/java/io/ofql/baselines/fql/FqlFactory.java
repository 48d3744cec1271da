package io.ofql.baselines.fql;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo fql}: {@link FqlConfig#forTask} then overrides, built into a {@link FqlAgent}. */
public final class FqlFactory extends PresetAgentFactory<FqlConfig> {
    public FqlFactory() {
        super("fql", FqlConfig.class, FqlConfig::forTask, FqlAgent::new);
    }
}
