/**
 * Learning benchmarks: several algorithms and settings trained on the same datasets with the same
 * budget, evaluated in the toolkit's environments and put in one table beside the behaviour
 * policy's own score.
 */
package io.ofql.experiments.bench;
