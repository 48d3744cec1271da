package io.ofql.experiments.run;

import java.util.Map;

/**
 * Runs a stretch of gradient steps of a run's agent. Steps are counted as completed updates: after
 * {@code train(from, to, l)} returns, {@code to} updates have been applied in total.
 */
@FunctionalInterface
public interface StepRunner {

    /**
     * Applies updates {@code from + 1 .. to}, calling {@code listener} at each logging step with
     * the metrics of that step, one value per ensemble member.
     */
    void train(long from, long to, MetricsListener listener);

    /** Receives per-member training metrics at logging steps. */
    @FunctionalInterface
    interface MetricsListener {
        void onMetrics(long step, Map<String, float[]> perMember);
    }
}
