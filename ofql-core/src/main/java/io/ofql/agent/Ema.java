package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.ofql.nn.Scalars;

/**
 * Exponential moving average of a network's flat parameters, on DQL's schedule: every
 * {@code every} steps from step {@code start} on, {@code ema = rate ema + (1 - rate) online}.
 *
 * <p>Before {@code start} the average is left alone, as DQL's {@code step_ema} returns early: the
 * EMA copy keeps its initial weights (a copy of the online network's initial weights) until
 * then. Steps are the 0-based global step counter.
 *
 * @param rate the weight kept by the average, e.g. 0.995
 * @param every update period in steps, e.g. 5
 * @param start first step that updates, e.g. 1000
 */
public record Ema(float rate, int every, long start) {
    public Ema {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("EMA rate must be in [0, 1], got " + rate);
        }
        if (every <= 0) {
            throw new IllegalArgumentException("EMA period must be positive, got " + every);
        }
        if (start < 0) {
            throw new IllegalArgumentException("EMA start must be >= 0, got " + start);
        }
    }

    /** Whether step {@code step} updates the average. */
    public boolean due(long step) {
        return step >= start && step % every == 0;
    }

    /** Updates {@code ema} in place from {@code online} when the step is due. */
    public void update(NDArray ema, NDArray online, long step) {
        if (due(step)) {
            blend(ema, online, rate);
        }
    }

    /**
     * {@code target = keep target + (1 - keep) source}, in place, temporaries released. Also the
     * soft target update of critics with {@code keep = 1 - tau}.
     */
    public static void blend(NDArray target, NDArray source, float keep) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Scalars.timesInPlace(target, keep).addi(Scalars.times(source, 1 - keep));
        }
    }
}
