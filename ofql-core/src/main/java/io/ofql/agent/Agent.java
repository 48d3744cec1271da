package io.ofql.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ofql.config.AlgorithmConfig;
import io.ofql.data.Batch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An offline RL agent trained as one ensemble of {@code S = members()} independent seeds.
 *
 * <p>OFQL and every baseline implement this, so the trainer loop, evaluation, checkpoints and the
 * command line are shared and a comparison differs only in the algorithm.
 */
public interface Agent extends AutoCloseable {

    /** The algorithm's command-line name, e.g. {@code ofql}. */
    String algorithm();

    /** The resolved hyperparameters. */
    AlgorithmConfig config();

    /** Number of ensemble members (independent seeds). */
    int members();

    int observationDim();

    int actionDim();

    /**
     * One gradient step for every member.
     *
     * @param batch arrays of shape (S, B, ·) attached to {@code stepManager}
     * @param step the 0-based global step (targets and EMA schedules depend on it)
     * @param stepManager a manager closed by the caller after the step
     * @return metrics by name, each a device array of shape (S); reading them synchronises, so
     *     the trainer reads them only at logging steps
     */
    Map<String, NDArray> update(Batch batch, long step, NDManager stepManager);

    /**
     * Actions for a batch of normalised observations of shape (S, N, obsDim), result (S, N,
     * actDim) in [-1, 1], attached to {@code manager}.
     *
     * @param selectByQ draw candidates and pick by softmax(Q * qScale factor * temperature) (the
     *     evaluation protocol) instead of the plain generated action; the config's
     *     {@code actingPolicy} names the policy that acts
     */
    NDArray act(NDArray observations, boolean selectByQ, NDManager manager);

    /** Writes every network, optimiser moment and counter to {@code dir} atomically. */
    void save(Path dir) throws IOException;

    /** Restores what {@link #save} wrote; continuing then gives the numbers of an unbroken run. */
    void load(Path dir) throws IOException;

    @Override
    void close();
}
