/**
 * Diffusion Q-Learning (Wang, Hunt and Zhou, ICLR 2023, arXiv 2208.06193): a T-step DDPM policy
 * over actions trained by the diffusion loss plus a normalised Q term whose gradient runs through
 * the whole reverse chain.
 */
package io.ofql.baselines.dql;
