/**
 * The comparators of OFQL, each behind the shared {@link io.ofql.agent.Agent} interface:
 * {@link io.ofql.baselines.dql} (Diffusion Q-Learning), {@link io.ofql.baselines.cpql}
 * (Consistency Policy Q-Learning) and {@link io.ofql.baselines.fql} (Flow Q-Learning). Critics,
 * target updates, the Q-term normaliser, candidate selection, checkpoints and the trainer loop
 * come from {@code ofql-core}; each algorithm here holds only its policy and its update.
 */
package io.ofql.baselines;
