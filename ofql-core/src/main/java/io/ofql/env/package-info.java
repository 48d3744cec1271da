/**
 * MuJoCo locomotion environments (Hopper, HalfCheetah, Walker2d, Ant) as D4RL recorded them,
 * through a small native bridge to MuJoCo 2.2.2, and a vector environment.
 */
package io.ofql.env;
