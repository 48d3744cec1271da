package io.ofql.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Uniform minibatches drawn on the device from transitions uploaded there once.
 *
 * <p>The constructor copies the five arrays of a {@link Transitions} to the device of the given
 * manager: observations and next observations (N, obsDim), actions (N, actDim), rewards and
 * notDone (N, 1). Each {@link #sample} then draws an (S, B) int64 index array with the engine's
 * {@code randomInteger} on the device and gathers rows with one advanced-indexing op per array, so
 * a step moves no data between host and device and reads nothing back. Results are (S, B, obsDim),
 * (S, B, actDim), (S, B, 1), (S, B, obsDim), (S, B, 1), each member an independent uniform draw
 * with replacement.
 *
 * <p>The indices come from the engine's (torch's) global generator. The trainer reseeds it before
 * every step with {@code Seeding.reseed(runSeed, step)}, so the batch of step k is a function of the
 * seed and k alone, which is what makes a resumed run draw the same batches.
 */
public final class DeviceSampler implements AutoCloseable {
    private final Transitions transitions;
    private final NDManager manager;
    private final NDArray observations;
    private final NDArray actions;
    private final NDArray rewards;
    private final NDArray nextObservations;
    private final NDArray notDone;

    /**
     * Uploads {@code transitions} to {@code parent}'s device, into a sub-manager that {@link #close}
     * frees.
     *
     * @param transitions the data; kept for callers that need it on the host
     * @param parent a long-lived manager on the target device
     */
    public DeviceSampler(Transitions transitions, NDManager parent) {
        this.transitions = transitions;
        this.manager = parent.newSubManager();
        long n = transitions.size();
        this.observations = manager.create(transitions.observations(), new Shape(n, transitions.obsDim()));
        this.actions = manager.create(transitions.actions(), new Shape(n, transitions.actDim()));
        this.rewards = manager.create(transitions.rewards(), new Shape(n, 1));
        this.nextObservations = manager.create(transitions.nextObservations(), new Shape(n, transitions.obsDim()));
        this.notDone = manager.create(transitions.notDone(), new Shape(n, 1));
    }

    /**
     * Draws {@code members} independent batches of {@code batchSize} transitions.
     *
     * @param stepManager the step's manager (same device); every returned array belongs to it
     */
    public Batch sample(NDManager stepManager, int members, int batchSize) {
        if (members <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("members and batchSize must be positive, got " + members + ", "
                    + batchSize);
        }
        if (!stepManager.getDevice().equals(manager.getDevice())) {
            throw new IllegalArgumentException("step manager on " + stepManager.getDevice() + " but the data is on "
                    + manager.getDevice());
        }
        NDArray index = stepManager.randomInteger(0, transitions.size(), new Shape(members, batchSize), DataType.INT64);
        // get(manager, ...) puts each result in the step's manager rather than the data's long-lived one.
        NDIndex rows = new NDIndex("{}", index);
        return new Batch(
                observations.get(stepManager, rows),
                actions.get(stepManager, rows),
                rewards.get(stepManager, rows),
                nextObservations.get(stepManager, rows),
                notDone.get(stepManager, rows));
    }

    /** The host-side transitions this sampler uploaded. */
    public Transitions transitions() {
        return transitions;
    }

    /** Number of transitions drawn from. */
    public int size() {
        return transitions.size();
    }

    /** Frees the device copy. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "DeviceSampler[" + transitions + ", device=" + manager.getDevice() + "]";
    }
}
