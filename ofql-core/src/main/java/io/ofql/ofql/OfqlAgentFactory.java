package io.ofql.ofql;

import io.ofql.agent.PresetAgentFactory;

/** Builds {@link OfqlAgent}s from {@code presets/ofql.json}; registered for {@code --algo ofql}. */
public final class OfqlAgentFactory extends PresetAgentFactory<OfqlConfig> {
    public OfqlAgentFactory() {
        super("ofql", OfqlConfig.class, OfqlAgent::new);
    }
}
