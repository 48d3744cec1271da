package io.ofql.baselines.fql;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo fql}: {@code presets/fql.json} then overrides, built into a {@link FqlAgent}. */
public final class FqlFactory extends PresetAgentFactory<FqlConfig> {
    public FqlFactory() {
        super("fql", FqlConfig.class, FqlAgent::new);
    }
}
