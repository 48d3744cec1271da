/**
 * The agent framework every algorithm builds on: the {@link io.ofql.agent.Agent} interface and its
 * {@link java.util.ServiceLoader}-found factories, the {@link io.ofql.agent.ActorCriticAgent}
 * skeleton (twin critics, targets, actor with Adam, checkpoints), the normalised Q term,
 * candidate selection, EMA schedules and the training loop.
 */
package io.ofql.agent;
