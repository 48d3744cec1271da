/**
 * The toolkit's own MuJoCo environments behind one {@link io.ofql.env.Environment} interface: the
 * D4RL locomotion tasks (Hopper, HalfCheetah, Walker2d, Ant) and AntMaze, through a small native
 * bridge to MuJoCo 2.2.2; the registry {@link io.ofql.env.Environments}; and a vector environment.
 */
package io.ofql.env;
