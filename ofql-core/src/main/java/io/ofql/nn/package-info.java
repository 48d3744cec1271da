/**
 * Network building blocks: ensemble MLPs with a leading member axis, tangent (JVP) propagation,
 * sinusoidal embeddings, fused-buffer Adam, gradient clipping and seeding.
 */
package io.ofql.nn;
