package io.ofql.config;

/**
 * Which copy of the policy acts at evaluation. Agents that keep an exponential moving average of
 * their policy (OFQL, DQL, CPQL) hold both; FQL keeps no average, so it acts online.
 */
public enum ActingPolicy {
    /** The policy the optimiser updates (DQL's and CPQL's {@code sample_action}, FQL). */
    ONLINE,
    /** The EMA copy (CleanDiffuser's {@code use_ema=True}, which the OFQL paper follows). */
    EMA
}
