package io.ofql.baselines.dql;

import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.RecordOverrides;
import java.util.Map;

/** {@code --algo dql}: {@link DqlConfig#forTask} then overrides, built into a {@link DqlAgent}. */
public final class DqlFactory implements AgentFactory {
    @Override
    public String algorithm() {
        return "dql";
    }

    @Override
    public DqlConfig config(String task, Map<String, String> overrides) {
        return RecordOverrides.apply(DqlConfig.forTask(task), overrides);
    }

    @Override
    public Agent create(Record config, AgentContext context) {
        if (!(config instanceof DqlConfig dql)) {
            throw new IllegalArgumentException("dql needs a DqlConfig, got " + config.getClass().getSimpleName());
        }
        return new DqlAgent(dql, context);
    }
}
