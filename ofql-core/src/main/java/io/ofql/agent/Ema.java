package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.ofql.config.Checks;
import io.ofql.nn.Scalars;

/**
 * Exponential moving average of a network's flat parameters, on DQL's schedule: every
 * {@code emaEvery} steps from step {@code emaStart} on, {@code ema = emaDecay ema + (1 - emaDecay) online}.
 *
 * <p>Before {@code start} the average is left alone, as DQL's {@code step_ema} returns early: the
 * EMA copy keeps its initial weights (a copy of the online network's initial weights) until
 * then. Steps are the 0-based global step counter.
 *
 * <p>A config component of the algorithms that keep an EMA policy; its names are those of the
 * {@code --set} namespace.
 *
 * @param emaDecay the weight kept by the average, in [0, 1), e.g. 0.995
 * @param emaEvery update period in steps, e.g. 5
 * @param emaStart first step that updates, e.g. 1000
 */
public record Ema(double emaDecay, int emaEvery, long emaStart) {
    public Ema {
        Checks.unitOpen("emaDecay", emaDecay);
        Checks.positive("emaEvery", emaEvery);
        Checks.nonNegative("emaStart", emaStart);
    }

    /** Whether step {@code step} updates the average. */
    public boolean due(long step) {
        return step >= emaStart && step % emaEvery == 0;
    }

    /** Updates {@code ema} in place from {@code online} when the step is due. */
    public void update(NDArray ema, NDArray online, long step) {
        if (due(step)) {
            blend(ema, online, (float) emaDecay);
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
