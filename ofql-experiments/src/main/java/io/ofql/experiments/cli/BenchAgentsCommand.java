package io.ofql.experiments.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import io.ofql.InputException;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.TrainLoop;
import io.ofql.config.AlgorithmConfig;
import io.ofql.data.DeviceSampler;
import io.ofql.data.Transitions;
import io.ofql.experiments.bench.OpProfile;
import io.ofql.experiments.run.CsvTable;
import io.ofql.nn.Seeding;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ofql bench agents}: training-step time and acting throughput of OFQL and the baselines on
 * one device in one run, so that the ratios the OFQL paper reports (DQL-5 training 1.9x slower,
 * 3.5x fewer decisions per second) can be checked on this toolkit.
 *
 * <p>Protocol. Data are synthetic with Hopper's sizes (11-dim observations, 3-dim actions), held
 * on the device by a {@link DeviceSampler} that gathers each step's batch there, as training from a
 * device-resident dataset does; the steps run through the shared {@link TrainLoop}. Each
 * configuration (algorithm, ensemble size S, and for DQL the number of diffusion steps T) runs
 * {@code --warmup} untimed steps (rounded up to a whole block), then {@code --steps} timed steps in
 * blocks of {@code --block}; acting is timed after {@code --warmup} untimed act calls on one
 * state, which let the JIT compile the acting path. The loop reads the metrics back only at the
 * last step of a block (the first read synchronises with the device, the rest are already
 * there), so the per-step time is
 * the block's time over its length; the reported figure is the median over blocks. Acting is timed
 * per call, each call ending with one value read back, for 1 state and for 2500 states (the
 * paper's decision-frequency protocol), with the plain generated action ({@code selectByQ =
 * false}); S members act together; the figure is the median over {@code --act-repeats} calls.
 * Beside each wall time the calling thread's CPU time is reported (libtorch runs a one-thread CPU
 * op on the calling thread): on a shared machine it leaves out the time spent waiting for a core.
 *
 * <p>With {@code --profile DIR}, libtorch's profiler then records one ordinary training step and
 * one act call on 1 and on 2500 states per configuration (Chrome traces in DIR), and the CSV gets
 * their top-level operation counts ({@link OpProfile}): on a GPU, where each operation costs
 * about the same host time whatever its size, the step's time follows that count.
 *
 * <p>The CSV (one row per configuration) is written atomically and printed as a table.
 */
@Command(
        name = "agents",
        mixinStandardHelpOptions = true,
        description = "Train-step ms and actions/s of OFQL and the baselines (synthetic Hopper-sized data).")
public final class BenchAgentsCommand implements Runnable {
    private static final Logger LOG = LogManager.getLogger(BenchAgentsCommand.class);

    static final int OBS_DIM = 11;
    static final int ACT_DIM = 3;
    static final int POOL = 100_000;
    static final int[] ACT_BATCHES = {1, 2500};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final String HEADER = "algorithm,variant,members,device,batch_size,train_step_ms,"
            + "act_ms_batch1,actions_per_s_batch1,act_ms_batch2500,actions_per_s_batch2500,"
            + "timed_steps,djl_version,pytorch_version,train_step_cpu_ms,act_cpu_ms_batch1,act_cpu_ms_batch2500,"
            + "ops_train_step,ops_train_autograd,ops_act_batch1,ops_act_batch2500";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--algos", split = ",", description = "Algorithms to time (default: ${DEFAULT-VALUE}).")
    List<String> algos = List.of("ofql", "dql", "cpql", "fql");

    @Option(names = "--members", split = ",", description = "Ensemble sizes S (default: ${DEFAULT-VALUE}).")
    List<Integer> members = List.of(1, 5);

    @Option(names = "--dql-steps", split = ",", description = "Diffusion steps T for DQL (default: ${DEFAULT-VALUE}).")
    List<Integer> dqlSteps = List.of(5);

    @Option(names = "--steps", description = "Timed training steps per configuration (default: ${DEFAULT-VALUE}).")
    int steps = 100;

    // On a GPU the step is bound by host-side Java and JNI calls, which the JIT keeps compiling
    // through the first tens of steps: 20 warm-up steps left timings machine- and run-dependent.
    @Option(names = "--warmup", description = "Untimed steps before timing, and untimed act calls on one state "
            + "before timing acting (default: ${DEFAULT-VALUE}).")
    int warmup = 100;

    @Option(names = "--block", description = "Steps per timed block, synchronised at its end (default: ${DEFAULT-VALUE}).")
    int block = 10;

    @Option(names = "--act-repeats", description = "Timed act calls per batch size (default: ${DEFAULT-VALUE}).")
    int actRepeats = 50;

    @Mixin SharedOptions.SyntheticData synthetic;

    @Option(names = "--out", description = "CSV to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench-agents.csv");

    @Option(names = "--profile", description = "Folder for libtorch profiler traces of one training step and one "
            + "act call per configuration; fills the ops_* columns (default: no profiling).")
    Path profile;

    /**
     * One measured configuration: wall and calling-thread CPU times (ms), and the top-level
     * operation counts (train step, of which autograd nodes, act 1, act 2500) or null.
     */
    record Row(String algorithm, String variant, int members, double trainMs, double trainCpuMs, double[] actMs,
            double[] actCpuMs, int batchSize, int[] ops) {}

    @Override
    public void run() {
        validate();
        Device dev = resolveDevice(synthetic.device);
        Map<String, AgentFactory> factories = factories(algos);
        String deviceName = deviceName(dev);
        List<Row> rows = new ArrayList<>();
        Transitions data = syntheticHopper(synthetic.seed);
        if (profile != null) {
            try {
                Files.createDirectories(profile);
            } catch (IOException e) {
                throw new InputException("--profile " + profile + ": cannot create the folder (" + e.getMessage() + ")");
            }
        }
        try (NDManager base = NDManager.newBaseManager(dev); DeviceSampler sampler = new DeviceSampler(data, base)) {
            for (String algo : algos) {
                AgentFactory factory = factories.get(algo);
                List<Integer> variants = algo.equals("dql") ? dqlSteps : List.of(0);
                for (int t : variants) {
                    Map<String, String> overrides = t == 0 ? Map.of() : Map.of("steps", Integer.toString(t));
                    String variant = t == 0 ? "" : "T=" + t;
                    for (int s : members) {
                        rows.add(measure(factory, overrides, algo, variant, s, dev, base, sampler));
                    }
                }
            }
        }
        CsvTable table = table(rows, deviceName);
        try {
            table.writeAtomically(out);
        } catch (IOException e) {
            throw new InputException("--out " + out + ": cannot write (" + e.getMessage() + ")");
        }
        printTable(rows, deviceName);
    }

    private void validate() {
        if (steps < 1 || block < 1 || warmup < 0 || actRepeats < 1) {
            throw new InputException("--steps, --block and --act-repeats must be >= 1 and --warmup >= 0, got "
                    + steps + ", " + block + ", " + actRepeats + ", " + warmup);
        }
        for (int s : members) {
            if (s < 1) {
                throw new InputException("--members: ensemble sizes must be >= 1, got " + s);
            }
        }
        for (int t : dqlSteps) {
            if (t < 1) {
                throw new InputException("--dql-steps: diffusion steps must be >= 1, got " + t);
            }
        }
    }

    /** The factories of the named algorithms, by name; an unknown name is an {@link InputException}. */
    static Map<String, AgentFactory> factories(List<String> algos) {
        Map<String, AgentFactory> found = new HashMap<>();
        for (AgentFactory f : ServiceLoader.load(AgentFactory.class)) {
            found.put(f.algorithm(), f);
        }
        for (String algo : algos) {
            if (!found.containsKey(algo)) {
                throw new InputException("--algos: unknown algorithm '" + algo + "', expected one of "
                        + found.keySet().stream().sorted().toList());
            }
        }
        return found;
    }

    /** "cpu" or "gpu" (which must exist) to a device. */
    static Device resolveDevice(String device) {
        switch (device.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new InputException("--device gpu: the engine sees no GPU");
                }
                return Device.gpu();
            default:
                throw new InputException("--device: expected cpu or gpu, got '" + device + "'");
        }
    }

    /**
     * {@link #POOL} transitions of Hopper's sizes: standard-normal states, uniform actions in
     * [-1, 1], standard-normal rewards and 1% terminals. The values do not matter for timing, only
     * the sizes do.
     */
    static Transitions syntheticHopper(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] obs = new float[POOL * OBS_DIM];
        float[] next = new float[POOL * OBS_DIM];
        float[] act = new float[POOL * ACT_DIM];
        float[] rew = new float[POOL];
        float[] notDone = new float[POOL];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) random.nextGaussian();
            next[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < act.length; i++) {
            act[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < POOL; i++) {
            rew[i] = (float) random.nextGaussian();
            notDone[i] = random.nextDouble() < 0.01 ? 0f : 1f;
        }
        return Transitions.of(OBS_DIM, ACT_DIM, obs, act, rew, next, notDone);
    }

    private Row measure(AgentFactory factory, Map<String, String> overrides, String algo, String variant, int s,
            Device dev, NDManager base, DeviceSampler sampler) {
        AlgorithmConfig config = factory.config(synthetic.task, overrides);
        long[] seeds = new long[s];
        for (int i = 0; i < s; i++) {
            seeds[i] = synthetic.seed + i;
        }
        int batchSize = config.common().batchSize();
        LOG.info("timing {} {} S={} batch {}: {}", algo, variant, s, batchSize, config);
        try (Agent agent = factory.create(config, new AgentContext(OBS_DIM, ACT_DIM, seeds, dev))) {
            TrainLoop loop = new TrainLoop(agent, sampler::sample, batchSize, synthetic.seed, dev);
            // The loop reads the metrics back (its one synchronisation) when (step + 1) is a multiple
            // of the logging period; starting the timed range on such a boundary makes every block end
            // with exactly one read. The listener stamps the time right after it.
            long start = (warmup + block - 1) / block * (long) block;
            if (start > 0) {
                loop.run(0, start, start, (done, metrics) -> { });
            }
            int blocks = Math.max(1, steps / block);
            double[] perStep = new double[blocks];
            double[] perStepCpu = new double[blocks];
            long[] last = {System.nanoTime(), THREADS.getCurrentThreadCpuTime()};
            int[] index = {0};
            loop.run(start, start + (long) blocks * block, block, (done, metrics) -> {
                long now = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                perStepCpu[index[0]] = (cpu - last[1]) / 1e6 / block;
                perStep[index[0]++] = (now - last[0]) / 1e6 / block;
                last[0] = now;
                last[1] = cpu;
            });
            // The JIT compiles the acting path only after many calls (training warms other code):
            // warm it on one state, where a call is cheap, before timing any batch size.
            try (NDManager m = base.newSubManager()) {
                NDArray one = sampler.sample(m, s, 1).observations();
                for (int i = 0; i < warmup; i++) {
                    actOnce(agent, one, m);
                }
            }
            double[] actMs = new double[ACT_BATCHES.length];
            double[] actCpuMs = new double[ACT_BATCHES.length];
            for (int j = 0; j < ACT_BATCHES.length; j++) {
                double[] times = timeActing(agent, s, ACT_BATCHES[j], base, sampler);
                actMs[j] = times[0];
                actCpuMs[j] = times[1];
            }
            int[] ops = profile == null ? null
                    : countOps(agent, s, batchSize, start + (long) blocks * block, base, sampler,
                            algo + (variant.isEmpty() ? "" : "-" + variant.replace("=", "")) + "-S" + s);
            return new Row(algo, variant, s, median(perStep), median(perStepCpu), actMs, actCpuMs, batchSize, ops);
        }
    }

    /**
     * Median ms per act call on {@code n} states for each of S members, wall and calling-thread
     * CPU time; each call reads one value back. On a shared CPU with one thread the CPU time is the
     * work itself, without the time spent waiting for a core.
     */
    private double[] timeActing(Agent agent, int s, int n, NDManager base, DeviceSampler sampler) {
        try (NDManager m = base.newSubManager()) {
            NDArray states = sampler.sample(m, s, n).observations();
            for (int i = 0; i < Math.min(warmup, 5) + 1; i++) {
                actOnce(agent, states, m);
            }
            double[] ms = new double[actRepeats];
            double[] cpuMs = new double[actRepeats];
            for (int i = 0; i < actRepeats; i++) {
                long t0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                actOnce(agent, states, m);
                cpuMs[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return new double[] {median(ms), median(cpuMs)};
        }
    }

    /** One timed act call: the plain generated action, one value read back, the call's arrays freed. */
    private static void actOnce(Agent agent, NDArray states, NDManager m) {
        try (NDManager call = m.newSubManager()) {
            agent.act(states, false, call).get(0, 0, 0).toFloatArray();
        }
    }

    /**
     * Top-level operations of one training step (its batch drawn from the sampler included, no
     * metrics read back: an ordinary step), and of one act call on 1 and on 2500 states, from
     * libtorch's profiler; the traces go to {@code --profile} as NAME-train.json, NAME-act1.json
     * and NAME-act2500.json.
     *
     * @return {train step, of which autograd nodes, act 1, act 2500}
     */
    private int[] countOps(Agent agent, int s, int batchSize, long step, NDManager base, DeviceSampler sampler,
            String name) {
        try {
            OpProfile.Counts train;
            try (NDManager m = base.newSubManager()) {
                Seeding.reseed(synthetic.seed, step);
                OpProfile.start();
                agent.update(sampler.sample(m, s, batchSize), step, m);
                train = OpProfile.stop(profile.resolve(name + "-train.json"));
            }
            int[] counts = {train.total(), train.autograd(), 0, 0};
            for (int j = 0; j < ACT_BATCHES.length; j++) {
                try (NDManager m = base.newSubManager()) {
                    NDArray states = sampler.sample(m, s, ACT_BATCHES[j]).observations();
                    OpProfile.start();
                    actOnce(agent, states, m);
                    counts[2 + j] = OpProfile.stop(profile.resolve(name + "-act" + ACT_BATCHES[j] + ".json")).total();
                }
            }
            LOG.info("{}: {} operations per training step ({} autograd nodes): {}", name, train.total(),
                    train.autograd(), train.byName());
            return counts;
        } catch (IOException e) {
            throw new InputException("--profile " + profile + ": cannot write or read a trace (" + e.getMessage() + ")");
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** A human-readable device name: the GPU's name from nvidia-smi, or the CPU model and core count. */
    static String deviceName(Device dev) {
        if (dev.isGpu()) {
            String name = firstLine("nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "-i",
                    Integer.toString(dev.getDeviceId()));
            return name != null ? name : "GPU " + dev.getDeviceId() + " (compute capability "
                    + CudaUtils.getComputeCapability(dev.getDeviceId()) + ")";
        }
        String model = "CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            LOG.debug("no /proc/cpuinfo: {}", e.toString());
        }
        return model + " x" + Runtime.getRuntime().availableProcessors();
    }

    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !text.isEmpty()) {
                return text.lines().findFirst().orElse(null);
            }
        } catch (IOException e) {
            LOG.debug("{} failed: {}", command[0], e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** One CSV row per configuration; commas in the device name become semicolons (plain CSV, no quoting). */
    private CsvTable table(List<Row> rows, String deviceName) {
        CsvTable table = new CsvTable(Arrays.asList(HEADER.split(",")));
        String djl = Engine.getDjlVersion();
        String torch = Engine.getInstance().getVersion();
        for (Row r : rows) {
            table.add(r.algorithm(), r.variant(), Integer.toString(r.members()), deviceName.replace(',', ';'),
                    Integer.toString(r.batchSize()), CsvTable.format(r.trainMs()), CsvTable.format(r.actMs()[0]),
                    CsvTable.format(1000.0 / r.actMs()[0]), CsvTable.format(r.actMs()[1]),
                    CsvTable.format(ACT_BATCHES[1] * 1000.0 / r.actMs()[1]),
                    Integer.toString(Math.max(1, steps / block) * block), djl, torch, CsvTable.format(r.trainCpuMs()),
                    CsvTable.format(r.actCpuMs()[0]), CsvTable.format(r.actCpuMs()[1]), op(r, 0), op(r, 1), op(r, 2),
                    op(r, 3));
        }
        return table;
    }

    private static String op(Row r, int i) {
        return r.ops() == null ? "" : Integer.toString(r.ops()[i]);
    }

    private void printTable(List<Row> rows, String deviceName) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "device: %s; DJL %s, PyTorch %s; batch per member from the %s preset%n", deviceName,
                Engine.getDjlVersion(), Engine.getInstance().getVersion(), synthetic.task);
        w.printf(Locale.ROOT, "%-6s %-6s %3s %14s %10s %12s %10s %14s %10s %10s %9s %s%n", "algo", "var", "S",
                "train ms/step", "(cpu ms)", "act ms (1)", "(cpu ms)", "act ms (2500)", "(cpu ms)", "train/ofql",
                "act/ofql", profile == null ? "" : "ops: train (autograd), act 1, act 2500");
        for (Row r : rows) {
            Row ofql = rows.stream().filter(o -> o.algorithm().equals("ofql") && o.members() == r.members())
                    .findFirst().orElse(null);
            String trainRatio = ofql == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.trainMs() / ofql.trainMs());
            String actRatio = ofql == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.actMs()[1] / ofql.actMs()[1]);
            String ops = r.ops() == null ? "" : String.format(Locale.ROOT, "%d (%d), %d, %d", r.ops()[0], r.ops()[1],
                    r.ops()[2], r.ops()[3]);
            w.printf(Locale.ROOT, "%-6s %-6s %3d %14.3f %10.3f %12.3f %10.3f %14.3f %10.3f %10s %9s %s%n",
                    r.algorithm(), r.variant(), r.members(), r.trainMs(), r.trainCpuMs(), r.actMs()[0], r.actCpuMs()[0],
                    r.actMs()[1], r.actCpuMs()[1], trainRatio, actRatio, ops);
        }
        w.printf("wrote %s%n", out);
        w.flush();
    }
}
