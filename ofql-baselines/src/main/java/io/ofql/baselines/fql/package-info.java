/**
 * Flow Q-Learning (Park, Li and Levine, 2025, arXiv 2502.02538): a flow-matching behaviour policy
 * integrated in 10 Euler steps, and a one-step policy distilled from it while maximising Q.
 */
package io.ofql.baselines.fql;
