/**
 * Results of finished runs: the paper-style table ({@link io.ofql.experiments.report.ScoreTable},
 * {@link io.ofql.experiments.report.TableFormat}), aggregate statistics (IQM with a stratified
 * bootstrap interval, {@link io.ofql.experiments.report.Aggregate}), the published numbers
 * ({@link io.ofql.experiments.report.PaperTable}) and learning curves
 * ({@link io.ofql.experiments.report.CurvePlot}).
 */
package io.ofql.experiments.report;
