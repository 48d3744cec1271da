/**
 * Offline datasets: D4RL HDF5 files, the toy bandit, observation normalisation, reward transforms
 * and device-resident batch sampling.
 */
package io.ofql.data;
