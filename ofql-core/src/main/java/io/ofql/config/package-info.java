/**
 * Hyperparameters as typed data. {@link io.ofql.config.Common} is the contract every algorithm's
 * config composes (sizes, learning rates, the Q term's weight, the critic's backup, batch size,
 * training length, reward transform and the {@link io.ofql.config.Selection evaluation protocol's
 * settings}, whose values a named {@link io.ofql.config.Protocol} fixes);
 * {@link io.ofql.config.Presets} loads an algorithm's JSON preset file (defaults plus per-domain,
 * per-environment and per-task rows, each value with its source) into its config record, and
 * {@link io.ofql.config.ConfigValues} maps records to the flat {@code name=value} namespace that
 * preset files and {@code --set} share.
 */
package io.ofql.config;
