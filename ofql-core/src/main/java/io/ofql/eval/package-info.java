/** Policy evaluation in the simulator and D4RL normalized scores. */
package io.ofql.eval;
