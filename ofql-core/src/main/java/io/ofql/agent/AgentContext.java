package io.ofql.agent;

import ai.djl.Device;

/**
 * Where and for what an agent is built.
 *
 * @param observationDim state size
 * @param actionDim action size (actions live in [-1, 1])
 * @param seeds one seed per ensemble member; {@code seeds.length} is the ensemble size S
 * @param device the device every array of the agent lives on
 * @param qScale the factor of Q in selection by Q, from the training data
 *     ({@link io.ofql.config.QScale#factor}; 1 for Q as the critic learned it)
 */
public record AgentContext(int observationDim, int actionDim, long[] seeds, Device device, double qScale) {
    public AgentContext {
        if (observationDim <= 0 || actionDim <= 0) {
            throw new IllegalArgumentException(
                    "observationDim and actionDim must be positive, got " + observationDim + ", " + actionDim);
        }
        if (seeds.length == 0) {
            throw new IllegalArgumentException("at least one seed is required");
        }
        if (!(qScale > 0) || Double.isInfinite(qScale)) {
            throw new IllegalArgumentException("qScale must be positive and finite, got " + qScale);
        }
        seeds = seeds.clone();
    }

    /** A context whose selection by Q sees Q as the critic learned it (factor 1). */
    public AgentContext(int observationDim, int actionDim, long[] seeds, Device device) {
        this(observationDim, actionDim, seeds, device, 1);
    }

    public int members() {
        return seeds.length;
    }

    @Override
    public long[] seeds() {
        return seeds.clone();
    }
}
