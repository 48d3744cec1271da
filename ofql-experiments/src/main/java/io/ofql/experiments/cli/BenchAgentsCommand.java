package io.ofql.experiments.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.cuda.CudaUtils;
import io.ofql.InputException;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.data.Batch;
import io.ofql.nn.Seeding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ofql bench agents}: training-step time and acting throughput of OFQL and the baselines on
 * one device in one run, so that the ratios the OFQL paper reports (DQL-5 training 1.9x slower,
 * 3.5x fewer decisions per second) can be checked on this toolkit.
 *
 * <p>Protocol. Data are synthetic with Hopper's sizes (11-dim observations, 3-dim actions), held
 * on the device as a pool of transitions from which each step gathers its batch, as training from
 * a device-resident dataset does. Each configuration (algorithm, ensemble size S, and for DQL the
 * number of diffusion steps T) runs {@code --warmup} untimed steps, then {@code --steps} timed
 * steps in blocks of {@code --block}; a block ends by reading one value of the last step's
 * metrics back to the host, the only synchronisation, and the per-step time is the block's time
 * over its length. The reported figure is the median over blocks. Acting is timed the same way
 * for one state and for 2500 states (the paper's decision-frequency protocol), with the plain
 * generated action ({@code selectByQ = false}) of member 0's policy; S members act together.
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
    static final String HEADER = "algorithm,variant,members,device,batch_size,train_step_ms,"
            + "act_ms_batch1,actions_per_s_batch1,act_ms_batch2500,actions_per_s_batch2500,"
            + "timed_steps,djl_version,pytorch_version";

    @Option(names = "--algos", split = ",", description = "Algorithms to time (default: ${DEFAULT-VALUE}).")
    List<String> algos = List.of("ofql", "dql", "cpql", "fql");

    @Option(names = "--members", split = ",", description = "Ensemble sizes S (default: ${DEFAULT-VALUE}).")
    List<Integer> members = List.of(1, 5);

    @Option(names = "--dql-steps", split = ",", description = "Diffusion steps T for DQL (default: ${DEFAULT-VALUE}).")
    List<Integer> dqlSteps = List.of(5);

    @Option(names = "--steps", description = "Timed training steps per configuration (default: ${DEFAULT-VALUE}).")
    int steps = 100;

    @Option(names = "--warmup", description = "Untimed steps before timing (default: ${DEFAULT-VALUE}).")
    int warmup = 20;

    @Option(names = "--block", description = "Steps per timed block, synchronised at its end (default: ${DEFAULT-VALUE}).")
    int block = 10;

    @Option(names = "--act-repeats", description = "Timed act calls per batch size (default: ${DEFAULT-VALUE}).")
    int actRepeats = 50;

    @Option(names = "--task", description = "Task whose presets size the networks and batch (default: ${DEFAULT-VALUE}).")
    String task = "hopper-medium-v2";

    @Option(names = "--device", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--seed", description = "Seed of the synthetic data and the agents (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--out", description = "CSV to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench-agents.csv");

    /** One measured configuration. */
    record Row(String algorithm, String variant, int members, double trainMs, double[] actMs, int batchSize) {}

    @Override
    public void run() {
        validate();
        Map<String, AgentFactory> factories = factories();
        Device dev = resolveDevice();
        String deviceName = deviceName(dev);
        List<Row> rows = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager(dev)) {
            Engine.getInstance().setRandomSeed(Seeding.mix(seed, -1));
            NDManager pool = base.newSubManager();
            NDArray[] data = syntheticPool(pool);
            for (String algo : algos) {
                AgentFactory factory = factories.get(algo);
                List<Integer> variants = algo.equals("dql") ? dqlSteps : List.of(0);
                for (int t : variants) {
                    Map<String, String> overrides = t == 0 ? Map.of() : Map.of("steps", Integer.toString(t));
                    String variant = t == 0 ? "" : "T=" + t;
                    for (int s : members) {
                        rows.add(measure(factory, overrides, algo, variant, s, dev, base, data));
                    }
                }
            }
            pool.close();
        }
        writeCsv(rows, deviceName);
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

    private Map<String, AgentFactory> factories() {
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

    private Device resolveDevice() {
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

    /** Observations, actions, rewards, next observations and not-done flags of {@link #POOL} transitions. */
    private static NDArray[] syntheticPool(NDManager pool) {
        NDArray obs = pool.randomNormal(new Shape(POOL, OBS_DIM));
        NDArray act = pool.randomUniform(-1f, 1f, new Shape(POOL, ACT_DIM));
        NDArray rew = pool.randomNormal(new Shape(POOL, 1));
        NDArray next = pool.randomNormal(new Shape(POOL, OBS_DIM));
        NDArray notDone = pool.randomUniform(0f, 1f, new Shape(POOL, 1)).gt(0.01f).toType(obs.getDataType(), false);
        return new NDArray[] {obs, act, rew, next, notDone};
    }

    /** A batch of shape (S, B, ·) gathered from the pool into {@code step}, as a device-resident sampler would. */
    private static Batch sample(NDArray[] data, int s, int b, NDManager step) {
        NDArray idx = step.randomInteger(0, POOL, new Shape((long) s * b), ai.djl.ndarray.types.DataType.INT64);
        NDArray[] parts = new NDArray[data.length];
        for (int i = 0; i < data.length; i++) {
            parts[i] = data[i].take(step, idx).reshape(s, b, data[i].getShape().get(1));
        }
        return new Batch(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    private Row measure(AgentFactory factory, Map<String, String> overrides, String algo, String variant, int s,
            Device dev, NDManager base, NDArray[] data) {
        Record config = factory.config(task, overrides);
        long[] seeds = new long[s];
        for (int i = 0; i < s; i++) {
            seeds[i] = seed + i;
        }
        int batchSize = batchSize(config);
        LOG.info("timing {} {} S={} batch {}: {}", algo, variant, s, batchSize, config);
        try (Agent agent = factory.create(config, new AgentContext(OBS_DIM, ACT_DIM, seeds, dev))) {
            long step = 0;
            for (int i = 0; i < warmup; i++, step++) {
                trainStep(agent, data, s, batchSize, step, base, false);
            }
            int blocks = Math.max(1, steps / block);
            double[] perStep = new double[blocks];
            for (int k = 0; k < blocks; k++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < block; i++, step++) {
                    trainStep(agent, data, s, batchSize, step, base, i == block - 1);
                }
                perStep[k] = (System.nanoTime() - t0) / 1e6 / block;
            }
            double[] actMs = new double[ACT_BATCHES.length];
            for (int j = 0; j < ACT_BATCHES.length; j++) {
                actMs[j] = timeActing(agent, s, ACT_BATCHES[j], base, data[0]);
            }
            return new Row(algo, variant, s, median(perStep), actMs, batchSize);
        }
    }

    /** One update in its own manager; {@code sync} reads one metric value, ending the timed block. */
    private static void trainStep(Agent agent, NDArray[] data, int s, int b, long step, NDManager base, boolean sync) {
        try (NDManager m = base.newSubManager()) {
            Seeding.reseed(0, step);
            Map<String, NDArray> metrics = agent.update(sample(data, s, b, m), step, m);
            if (sync) {
                metrics.values().iterator().next().toFloatArray();
            }
        }
    }

    /** Median ms per act call on {@code n} states for each of S members; each call reads one value back. */
    private double timeActing(Agent agent, int s, int n, NDManager base, NDArray observations) {
        try (NDManager m = base.newSubManager()) {
            NDArray obs = observations.get("0:" + n).toType(observations.getDataType(), true);
            obs.attach(m);
            NDArray states = obs.expandDims(0).repeat(0, s);
            for (int i = 0; i < Math.min(warmup, 5) + 1; i++) {
                try (NDManager call = m.newSubManager()) {
                    agent.act(states, false, call).get(0, 0, 0).toFloatArray();
                }
            }
            double[] ms = new double[actRepeats];
            for (int i = 0; i < actRepeats; i++) {
                try (NDManager call = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    agent.act(states, false, call).get(0, 0, 0).toFloatArray();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return median(ms);
        }
    }

    /** The training batch size of a config record, read from its {@code batchSize} component. */
    static int batchSize(Record config) {
        for (var c : config.getClass().getRecordComponents()) {
            if (c.getName().equals("batchSize")) {
                try {
                    return ((Number) c.getAccessor().invoke(config)).intValue();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read batchSize of " + config, e);
                }
            }
        }
        throw new IllegalStateException(config.getClass().getSimpleName() + " has no batchSize");
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

    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void writeCsv(List<Row> rows, String deviceName) {
        String djl = Engine.getDjlVersion();
        String torch = Engine.getInstance().getVersion();
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.join(",", r.algorithm(), r.variant(), Integer.toString(r.members()), csvField(deviceName),
                    Integer.toString(r.batchSize()), fmt(r.trainMs()), fmt(r.actMs()[0]), fmt(1000.0 / r.actMs()[0]),
                    fmt(r.actMs()[1]), fmt(ACT_BATCHES[1] * 1000.0 / r.actMs()[1]),
                    Integer.toString(Math.max(1, steps / block) * block), djl, torch)).append('\n');
        }
        Path target = out.toAbsolutePath();
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new InputException("--out " + out + ": cannot write (" + e.getMessage() + ")");
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private void printTable(List<Row> rows, String deviceName) {
        PrintWriter w = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        w.printf(Locale.ROOT, "device: %s; DJL %s, PyTorch %s; batch per member from the %s preset%n", deviceName,
                Engine.getDjlVersion(), Engine.getInstance().getVersion(), task);
        w.printf(Locale.ROOT, "%-6s %-6s %3s %14s %12s %14s %12s %16s %9s %9s%n", "algo", "var", "S", "train ms/step",
                "act ms (1)", "actions/s (1)", "act ms (2500)", "actions/s (2500)", "train/ofql", "ofql/act");
        for (Row r : rows) {
            Row ofql = rows.stream().filter(o -> o.algorithm().equals("ofql") && o.members() == r.members())
                    .findFirst().orElse(null);
            String trainRatio = ofql == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.trainMs() / ofql.trainMs());
            String actRatio = ofql == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.actMs()[1] / ofql.actMs()[1]);
            w.printf(Locale.ROOT, "%-6s %-6s %3d %14.3f %12.3f %14.1f %12.3f %16.1f %9s %9s%n", r.algorithm(),
                    r.variant(), r.members(), r.trainMs(), r.actMs()[0], 1000.0 / r.actMs()[0], r.actMs()[1],
                    ACT_BATCHES[1] * 1000.0 / r.actMs()[1], trainRatio, actRatio);
        }
        w.printf("wrote %s%n", out);
        w.flush();
    }
}
