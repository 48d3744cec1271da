package io.ofql.experiments.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.ofql.InputException;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.TrainLoop;
import io.ofql.config.AlgorithmConfig;
import io.ofql.data.DeviceSampler;
import io.ofql.experiments.bench.ProcessMemory;
import io.ofql.experiments.run.CsvTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ofql bench memory}: one long training run of one algorithm on synthetic Hopper-sized data
 * (as {@code bench agents} trains), with the process's memory and the step time sampled every
 * {@code --sample-every} steps, to show whether a long run stays flat.
 *
 * <p>Each row is one sample: the steps done, the wall time, the mean step time over the window
 * since the previous sample (the loop synchronises with the device once per window, when it reads
 * the metrics back), and a {@link ProcessMemory} reading (resident set, Java heap used and
 * committed, the JVM's non-heap pools, direct buffers, live
 * NDArrays, GPU memory in use, and glibc's malloc in use and held free), then the heap still in use
 * after a forced full collection (the live objects alone: a rising used heap over a flat live heap is
 * garbage, not a leak). The first row, at step 0, is taken after the agent and the data are
 * set up and before the first step. A row is printed as it is taken, and the CSV is rewritten
 * atomically after each, so that a run stopped early keeps its samples.
 */
@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        description = "A long training run with host RSS, Java heap, GPU memory and step time sampled "
                + "every K steps (synthetic Hopper-sized data).")
public final class BenchMemoryCommand implements Runnable {
    private static final Logger LOG = LogManager.getLogger(BenchMemoryCommand.class);
    private static final double MB = 1024.0 * 1024.0;
    static final String HEADER = "algorithm,members,device,step,elapsed_s,window_step_ms,rss_mb,heap_used_mb,"
            + "heap_committed_mb,heap_live_mb,jvm_nonheap_mb,direct_mb,malloc_in_use_mb,malloc_free_mb,live_arrays,gpu_used_mb,max_heap_mb,"
            + "djl_version,pytorch_version";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--algo", description = "Algorithm to train (default: ${DEFAULT-VALUE}).")
    String algo = "ofql";

    @Option(names = "--members", description = "Ensemble size S (default: ${DEFAULT-VALUE}).")
    int members = 1;

    @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps = 20_000;

    @Option(names = "--sample-every", description = "Steps between samples (default: ${DEFAULT-VALUE}).")
    long sampleEvery = 5_000;

    @Option(names = "--set", description = "Preset override name=value (repeatable), e.g. steps=20 for DQL-20.")
    List<String> set = List.of();

    @Mixin SharedOptions.SyntheticData synthetic;

    @Option(names = "--out", description = "CSV to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench-memory.csv");

    @Override
    public void run() {
        if (steps < 1 || sampleEvery < 1 || members < 1) {
            throw new InputException("--steps, --sample-every and --members must be >= 1, got " + steps + ", "
                    + sampleEvery + ", " + members);
        }
        Device dev = BenchAgentsCommand.resolveDevice(synthetic.device);
        AgentFactory factory = BenchAgentsCommand.factories(List.of(algo)).get(algo);
        AlgorithmConfig config = factory.config(synthetic.task, TrainOptions.pairs("--set", set));
        String deviceName = BenchAgentsCommand.deviceName(dev).replace(',', ';');
        CsvTable table = new CsvTable(Arrays.asList(HEADER.split(",")));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s S=%d on %s, %d steps, a sample every %d; MB%n", algo, members, deviceName, steps,
                sampleEvery);
        w.printf(Locale.ROOT, "%8s %9s %9s %8s %10s %10s %9s %8s %10s %10s %8s %8s%n", "step", "elapsed s", "step ms",
                "rss", "heap used", "heap comm", "heap live", "nonheap", "malloc use", "malloc free", "arrays", "gpu");
        w.flush();
        long[] seeds = new long[members];
        Arrays.setAll(seeds, i -> synthetic.seed + i);
        int batchSize = config.common().batchSize();
        LOG.info("memory run {} S={} batch {}: {}", algo, members, batchSize, config);
        try (NDManager base = NDManager.newBaseManager(dev);
                DeviceSampler sampler = new DeviceSampler(BenchAgentsCommand.syntheticHopper(synthetic.seed), base);
                Agent agent = factory.create(config, new AgentContext(BenchAgentsCommand.OBS_DIM,
                        BenchAgentsCommand.ACT_DIM, seeds, dev))) {
            TrainLoop loop = new TrainLoop(agent, sampler::sample, batchSize, synthetic.seed, dev);
            long start = System.nanoTime();
            long[] last = {start, 0};
            sample(table, w, dev, deviceName, 0, 0, Double.NaN);
            loop.run(0, steps, sampleEvery, (done, metrics) -> {
                long now = System.nanoTime();
                double windowMs = (now - last[0]) / 1e6 / (done - last[1]);
                sample(table, w, dev, deviceName, done, (now - start) / 1e9, windowMs);
                // Sampling (a walk over every manager) is left out of the next window.
                last[0] = System.nanoTime();
                last[1] = done;
            });
        }
        w.printf("wrote %s%n", out);
        w.flush();
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / MB;
    }

    private void sample(CsvTable table, PrintWriter w, Device dev, String deviceName, long step, double elapsed,
            double windowMs) {
        ProcessMemory m = ProcessMemory.read(dev);
        // After the reading, so that the collection does not hide the garbage the run accumulates.
        long live = ProcessMemory.liveHeapAfterGc();
        double gpu = m.gpuUsed() < 0 ? Double.NaN : m.gpuUsed() / MB;
        table.add(algo, Integer.toString(members), deviceName, Long.toString(step), CsvTable.format(elapsed),
                CsvTable.format(windowMs), CsvTable.format(m.rss() / MB), CsvTable.format(m.heapUsed() / MB),
                CsvTable.format(m.heapCommitted() / MB), CsvTable.format(live / MB), CsvTable.format(m.nonHeap() / MB),
                CsvTable.format(m.direct() / MB), CsvTable.format(mb(m.mallocInUse())), CsvTable.format(mb(m.mallocFree())),
                Long.toString(m.liveArrays()),
                CsvTable.format(gpu), CsvTable.format(Runtime.getRuntime().maxMemory() / MB), Engine.getDjlVersion(),
                Engine.getInstance().getVersion());
        w.printf(Locale.ROOT, "%8d %9.1f %9.2f %8.0f %10.0f %10.0f %9.0f %8.0f %10.0f %10.0f %8d %8.0f%n", step, elapsed,
                windowMs, m.rss() / MB, m.heapUsed() / MB, m.heapCommitted() / MB, live / MB, m.nonHeap() / MB,
                mb(m.mallocInUse()), mb(m.mallocFree()), m.liveArrays(), gpu);
        w.flush();
        // Rewritten (atomically) at every sample, so that a run stopped early keeps what it measured.
        try {
            table.writeAtomically(out);
        } catch (IOException e) {
            throw new InputException("--out " + out + ": cannot write (" + e.getMessage() + ")");
        }
    }
}
