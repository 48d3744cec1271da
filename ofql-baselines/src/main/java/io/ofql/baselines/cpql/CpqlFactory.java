package io.ofql.baselines.cpql;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo cpql}: {@code presets/cpql.json} then overrides, built into a {@link CpqlAgent}. */
public final class CpqlFactory extends PresetAgentFactory<CpqlConfig> {
    public CpqlFactory() {
        super("cpql", CpqlConfig.class, CpqlAgent::new);
    }
}
