package io.ofql.agent;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ofql.data.Batch;
import io.ofql.nn.Seeding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one training loop every algorithm shares.
 *
 * <pre>
 *   for step in [from, to):
 *       reseed torch from (runSeed, step)            // resume-exact randomness
 *       open a step manager
 *       batch   = source.sample(stepManager, S, B)
 *       metrics = agent.update(batch, step, stepManager)
 *       if logging step: read metrics to the host, hand them to the listener
 *       close the step manager                       // frees the step's whole graph
 * </pre>
 *
 * <p>Nothing is read back from the device except at logging steps, so the host never waits for
 * the accelerator in between. A logging step is one where {@code (step + 1) % logEvery == 0}, and
 * the last step of the run.
 */
public final class TrainLoop {

    /** Where batches come from, e.g. {@code DeviceSampler::sample}. */
    @FunctionalInterface
    public interface BatchSource {
        /** S batches of B transitions, (S, B, ·), attached to {@code stepManager}. */
        Batch sample(NDManager stepManager, int members, int batchSize);
    }

    /** Receives host copies of the metrics at logging steps. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param stepsDone steps completed so far ({@code step + 1} of the step just taken)
         * @param metrics per metric name, one value per member (length S)
         */
        void onLog(long stepsDone, Map<String, float[]> metrics);
    }

    private final Agent agent;
    private final BatchSource source;
    private final int batchSize;
    private final long runSeed;
    private final Device device;

    /**
     * @param device the agent's device; each step's manager lives there
     */
    public TrainLoop(Agent agent, BatchSource source, int batchSize, long runSeed, Device device) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.agent = agent;
        this.source = source;
        this.batchSize = batchSize;
        this.runSeed = runSeed;
        this.device = device;
    }

    /** Runs steps {@code from} (inclusive) to {@code to} (exclusive). */
    public void run(long from, long to, long logEvery, Listener listener) {
        if (from < 0 || to < from || logEvery <= 0) {
            throw new IllegalArgumentException("bad step range [" + from + ", " + to + ") or log period " + logEvery);
        }
        try (NDManager base = NDManager.newBaseManager(device)) {
            for (long step = from; step < to; step++) {
                Seeding.reseed(runSeed, step);
                try (NDManager stepManager = base.newSubManager()) {
                    Batch batch = source.sample(stepManager, agent.members(), batchSize);
                    Map<String, NDArray> metrics = agent.update(batch, step, stepManager);
                    if ((step + 1) % logEvery == 0 || step == to - 1) {
                        Map<String, float[]> host = new LinkedHashMap<>();
                        for (Map.Entry<String, NDArray> metric : metrics.entrySet()) {
                            host.put(metric.getKey(), metric.getValue().toType(DataType.FLOAT32, false).toFloatArray());
                        }
                        listener.onLog(step + 1, host);
                    }
                }
            }
        }
    }
}
