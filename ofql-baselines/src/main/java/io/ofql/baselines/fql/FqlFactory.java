package io.ofql.baselines.fql;

import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.RecordOverrides;
import java.util.Map;

/** {@code --algo fql}: {@link FqlConfig#forTask} then overrides, built into a {@link FqlAgent}. */
public final class FqlFactory implements AgentFactory {
    @Override
    public String algorithm() {
        return "fql";
    }

    @Override
    public FqlConfig config(String task, Map<String, String> overrides) {
        return RecordOverrides.apply(FqlConfig.forTask(task), overrides);
    }

    @Override
    public Agent create(Record config, AgentContext context) {
        if (!(config instanceof FqlConfig c)) {
            throw new IllegalArgumentException("fql needs a FqlConfig, got " + config.getClass().getSimpleName());
        }
        return new FqlAgent(c, context);
    }
}
