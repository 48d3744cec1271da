package io.ofql.agent;

/** Builds {@link OfqlAgent}s; registered for {@code --algo ofql}. */
public final class OfqlAgentFactory extends PresetAgentFactory<OfqlConfig> {
    public OfqlAgentFactory() {
        super("ofql", OfqlConfig.class, OfqlConfig::forTask, OfqlAgent::new);
    }
}
