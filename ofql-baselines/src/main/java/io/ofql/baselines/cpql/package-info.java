/**
 * Consistency Policy Q-Learning (Chen, Li and Zhao, AAMAS 2024, arXiv 2310.06343): a consistency
 * model in the EDM parameterisation that maps noise to an action in one step, trained by a
 * weighted reconstruction loss plus DQL's normalised Q term.
 */
package io.ofql.baselines.cpql;
