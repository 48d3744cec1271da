/**
 * Making offline datasets in the toolkit's own environments: a behaviour (a policy plus Gaussian
 * action noise, with a chance per step of a uniform random action instead) rolled out by {@link
 * io.ofql.collect.Collector}, presets for D4RL's dataset levels ({@link
 * io.ofql.collect.Level}), and {@link io.ofql.collect.DatasetWriter}, which writes the result in
 * D4RL's HDF5 layout.
 */
package io.ofql.collect;
