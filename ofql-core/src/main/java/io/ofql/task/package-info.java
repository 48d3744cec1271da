/**
 * The task registry: one table of every task the toolkit knows (the toy bandit, the D4RL
 * locomotion rows, AntMaze, Kitchen and Adroit), and the only parser of task names. Everything
 * that needs a task's domain, environment, dataset file, reference scores, episode length or
 * reward rule asks {@link io.ofql.task.TaskRegistry}.
 */
package io.ofql.task;
