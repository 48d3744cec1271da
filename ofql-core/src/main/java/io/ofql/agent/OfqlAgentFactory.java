package io.ofql.agent;

import java.util.Map;

/** Builds {@link OfqlAgent}s; registered for {@code --algo ofql}. */
public final class OfqlAgentFactory implements AgentFactory {
    @Override
    public String algorithm() {
        return "ofql";
    }

    @Override
    public OfqlConfig config(String task, Map<String, String> overrides) {
        return RecordOverrides.apply(OfqlConfig.forTask(task), overrides);
    }

    @Override
    public Agent create(Record config, AgentContext context) {
        if (!(config instanceof OfqlConfig)) {
            throw new IllegalArgumentException("OFQL needs an OfqlConfig, got " + config.getClass().getSimpleName());
        }
        return new OfqlAgent((OfqlConfig) config, context);
    }
}
