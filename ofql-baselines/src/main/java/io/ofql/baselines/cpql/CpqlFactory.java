package io.ofql.baselines.cpql;

import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.RecordOverrides;
import java.util.Map;

/** {@code --algo cpql}: {@link CpqlConfig#forTask} then overrides, built into a {@link CpqlAgent}. */
public final class CpqlFactory implements AgentFactory {
    @Override
    public String algorithm() {
        return "cpql";
    }

    @Override
    public CpqlConfig config(String task, Map<String, String> overrides) {
        return RecordOverrides.apply(CpqlConfig.forTask(task), overrides);
    }

    @Override
    public Agent create(Record config, AgentContext context) {
        if (!(config instanceof CpqlConfig c)) {
            throw new IllegalArgumentException("cpql needs a CpqlConfig, got " + config.getClass().getSimpleName());
        }
        return new CpqlAgent(c, context);
    }
}
