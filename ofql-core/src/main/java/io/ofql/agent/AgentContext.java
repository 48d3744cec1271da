package io.ofql.agent;

import ai.djl.Device;

/**
 * Where and for what an agent is built.
 *
 * @param observationDim state size
 * @param actionDim action size (actions live in [-1, 1])
 * @param seeds one seed per ensemble member; {@code seeds.length} is the ensemble size S
 * @param device the device every array of the agent lives on
 */
public record AgentContext(int observationDim, int actionDim, long[] seeds, Device device) {
    public AgentContext {
        if (observationDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException(
                    "observationDim and actionDim must be positive, got " + observationDim + ", " + actionDim);
        }
        if (seeds.length == 0) {
            throw new IllegalArgumentException("at least one seed is required");
        }
        seeds = seeds.clone();
    }

    public int members() {
        return seeds.length;
    }

    @Override
    public long[] seeds() {
        return seeds.clone();
    }
}
