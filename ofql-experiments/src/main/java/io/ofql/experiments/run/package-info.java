/**
 * One training run: its directory and files ({@link io.ofql.experiments.run.RunDirectory}), the
 * checkpoint-and-resume protocol ({@link io.ofql.experiments.run.Trainer}), and the wiring of an
 * algorithm, a task's data and its evaluation ({@link io.ofql.experiments.run.Training}).
 */
package io.ofql.experiments.run;
