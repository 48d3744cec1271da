/**
 * Sweeps: tasks x algorithms from a JSON file or flags ({@link io.ofql.experiments.sweep.SweepConfig}),
 * deterministic sharding for cluster schedulers ({@link io.ofql.experiments.sweep.Shard}), and
 * sequential or multi-process execution ({@link io.ofql.experiments.sweep.SweepRunner}).
 */
package io.ofql.experiments.sweep;
