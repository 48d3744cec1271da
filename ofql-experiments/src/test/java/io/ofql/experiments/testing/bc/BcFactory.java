package io.ofql.experiments.testing.bc;

import io.ofql.agent.PresetAgentFactory;

/** {@code --algo bc}: {@code presets/bc.json}, then overrides, built into a {@link BcAgent}. */
public final class BcFactory extends PresetAgentFactory<BcConfig> {
    public BcFactory() {
        super("bc", BcConfig.class, BcAgent::new);
    }
}
