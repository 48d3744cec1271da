package io.ofql.data;

import ai.djl.ndarray.NDArray;

/**
 * One training batch, resident on the device, for an ensemble of {@code S} independent members.
 *
 * <p>Shapes: {@code observations} and {@code nextObservations} are (S, B, obsDim), {@code actions}
 * is (S, B, actDim), {@code rewards} and {@code notDone} are (S, B, 1). {@code notDone} is
 * {@code 1 - terminal}: a time-out is not a terminal, so it carries 1. Every array belongs to the
 * step's manager and is closed with it.
 */
public record Batch(
        NDArray observations,
        NDArray actions,
        NDArray rewards,
        NDArray nextObservations,
        NDArray notDone) {}
