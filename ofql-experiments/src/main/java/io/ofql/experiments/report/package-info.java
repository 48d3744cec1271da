/**
 * Results of runs: the paper-style table ({@link io.ofql.experiments.report.ScoreTable},
 * {@link io.ofql.experiments.report.TableFormat}), aggregate statistics (IQM with a stratified
 * bootstrap interval, {@link io.ofql.experiments.report.Aggregate}), the published numbers
 * ({@link io.ofql.experiments.report.PaperTable}), learning curves
 * ({@link io.ofql.experiments.report.CurvePlot}), and the self-contained HTML report of a sweep
 * ({@link io.ofql.experiments.report.HtmlReport}) with each run's state
 * ({@link io.ofql.experiments.report.RunStatus}), its preset
 * ({@link io.ofql.experiments.report.ConfigPresets}) and its dataset
 * ({@link io.ofql.experiments.report.DatasetEntry}).
 */
package io.ofql.experiments.report;
