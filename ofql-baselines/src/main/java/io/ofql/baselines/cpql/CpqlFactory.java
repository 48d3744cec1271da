package io.ofql.baselines.cpql;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo cpql}: {@link CpqlConfig#forTask} then overrides, built into a {@link CpqlAgent}. */
public final class CpqlFactory extends PresetAgentFactory<CpqlConfig> {
    public CpqlFactory() {
        super("cpql", CpqlConfig.class, CpqlConfig::forTask, CpqlAgent::new);
    }
}
