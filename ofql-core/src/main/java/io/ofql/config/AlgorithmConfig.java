package io.ofql.config;

/**
 * An algorithm's hyperparameters: a record whose first component is the {@link Common} settings
 * and whose other components (or nested records) are the algorithm's own. Component names are
 * the names of the flat {@code name=value} namespace of preset files and {@code --set}
 * ({@link ConfigValues}), so they must be unique across the nesting.
 */
public interface AlgorithmConfig {
    /** The settings every algorithm shares. */
    Common common();
}
