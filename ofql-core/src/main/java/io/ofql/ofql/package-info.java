/**
 * One-Step Flow Q-Learning (Nguyen and Yoo, ICLR 2026, arXiv 2508.13904): the average-velocity
 * policy, the agent on the shared {@link io.ofql.agent.ActorCriticAgent} skeleton, its config and
 * its factory ({@code --algo ofql}, presets in {@code presets/ofql.json}).
 */
package io.ofql.ofql;
