package io.ofql.experiments.run;

import java.util.List;

/** Evaluates the run's agent: one record per ensemble member, in seed order. */
@FunctionalInterface
public interface RunEvaluator {
    /** Evaluation after {@code step} updates; {@link EvalRecord#wallSeconds} is filled in by the caller. */
    List<EvalRecord> evaluate(long step);
}
