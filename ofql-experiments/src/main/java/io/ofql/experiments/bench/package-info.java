/**
 * Benchmarks: learning benchmarks (several algorithms and settings trained on the same datasets
 * with the same budget, evaluated in the toolkit's environments and put in one table beside the
 * behaviour policy's own score), and the instruments of the speed benchmarks: where the process's
 * memory is ({@link io.ofql.experiments.bench.ProcessMemory}) and how many libtorch operations a
 * piece of work runs ({@link io.ofql.experiments.bench.OpProfile}).
 */
package io.ofql.experiments.bench;
