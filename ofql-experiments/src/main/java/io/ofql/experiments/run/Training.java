package io.ofql.experiments.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ofql.InputException;
import io.ofql.agent.Agent;
import io.ofql.agent.AgentContext;
import io.ofql.agent.AgentFactory;
import io.ofql.agent.TrainLoop;
import io.ofql.config.AlgorithmConfig;
import io.ofql.config.Protocol;
import io.ofql.config.QScale;
import io.ofql.config.Selection;
import io.ofql.data.AntMazeData;
import io.ofql.data.D4rlDataset;
import io.ofql.data.Datasets;
import io.ofql.data.DeviceSampler;
import io.ofql.data.ObservationNormalizer;
import io.ofql.data.ToyBandit;
import io.ofql.data.Transitions;
import io.ofql.env.EnvironmentFactory;
import io.ofql.data.RewardTransform;
import io.ofql.eval.EvalResult;
import io.ofql.eval.Evaluator;
import io.ofql.nn.Seeding;
import io.ofql.task.Domain;
import io.ofql.task.Task;
import io.ofql.task.TaskRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongToIntFunction;
import java.util.stream.Collectors;

/**
 * Everything {@code ofql train} does: resolve the algorithm, task, data and device, train the
 * ensemble through {@link Trainer} (resuming an interrupted run), and evaluate it.
 *
 * <p>Evaluation follows the run's {@link Protocol} (its {@link Selection} settings). D4RL tasks:
 * each member runs {@code evalEpisodes} episodes of its task's environment
 * ({@code TaskRegistry.environment}) through {@link Evaluator}, and the protocol's
 * {@code finalEpisodes} after the last step, acting with {@link AgentPolicy} (the protocol's
 * acting policy, candidates selected by Q where it says so, Q scaled by the factor recorded in
 * {@code config.json}). {@code toy-bandit} has no simulator: each member draws
 * {@value #TOY_ACTIONS} one-step actions at the task's single state, scored by
 * {@link ToyBandit#score} (0-100, the normalized score column) and
 * {@link ToyBandit#clusterFractions} (extra columns). Torch's generator is reseeded before every
 * evaluation from (first seed, step), so evaluations, like training steps, do not depend on what
 * ran before them in the process; that keeps a resumed run's rows equal to an uninterrupted one's.
 */
public final class Training {
    public static final String TOY_TASK = TaskRegistry.TOY;
    public static final int TOY_ACTIONS = 10_000;
    /** States per call to the agent in a toy evaluation. */
    private static final int TOY_CHUNK = 100;
    /** Separates the evaluation's random stream from the training steps' (same seed and step). */
    private static final long EVAL_STREAM = 0x5EED_E7A1L;

    private Training() {}

    /** Every algorithm on the classpath, by name. */
    public static SortedMap<String, AgentFactory> factories() {
        SortedMap<String, AgentFactory> all = new TreeMap<>();
        for (AgentFactory f : ServiceLoader.load(AgentFactory.class)) {
            all.put(f.algorithm(), f);
        }
        return all;
    }

    public static AgentFactory factory(String algo) {
        SortedMap<String, AgentFactory> all = factories();
        AgentFactory f = all.get(algo);
        if (f == null) {
            throw new InputException("unknown algorithm '" + algo + "'; known: "
                    + (all.isEmpty() ? "(none on the classpath)" : String.join(", ", all.keySet())));
        }
        return f;
    }

    /** {@code cpu}, {@code gpu}, or the GPU when one is present ({@code null}). */
    public static Device device(String name) {
        int gpus = Engine.getInstance().getGpuCount();
        if (name == null) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    throw new InputException("--device gpu: no GPU visible to the engine (use --device cpu)");
                }
                return Device.gpu();
            default:
                throw new InputException("--device '" + name + "': expected cpu or gpu");
        }
    }

    /**
     * The dataset of a D4RL run: {@code --dataset} (a D4RL or collected HDF5 file, an OGBench
     * {@code .npz}, a Minari folder or Minari id; {@link Datasets#resolve}), else the task's D4RL
     * file in the data directory.
     */
    static Path datasetFile(TrainRequest r) {
        if (r.settings().dataset() != null) {
            try {
                return Datasets.resolve(r.settings().dataset());
            } catch (InputException e) {
                throw new InputException("--dataset " + e.getMessage(), e);
            }
        }
        Task task = TaskRegistry.resolve(r.settings().task());
        return task.resolve(r.dataDir() != null ? r.dataDir() : Task.defaultDataDir());
    }

    /**
     * Checks everything that can be checked before any file is written: the algorithm, the task,
     * its simulator, its dataset, the hyperparameter overrides and the output directory.
     *
     * @return the resolved hyperparameters
     */
    public static AlgorithmConfig validate(TrainRequest r) {
        AgentFactory f = factory(r.settings().algo());
        String task = r.settings().task();
        if (!TaskRegistry.resolve(task).generated()) {
            TaskRegistry.resolve(task).environment();
            datasetFile(r);
        } else if (r.settings().dataset() != null) {
            throw new InputException("--dataset is not used by " + TOY_TASK + " (its data is generated)");
        }
        AlgorithmConfig config = f.config(task, r.settings().protocol(), r.settings().overrides());
        AtomicFiles.requireWritableDirectory(r.out(), "output directory");
        return config;
    }

    /**
     * Trains (or resumes, or just reports) the run and returns its summary.
     *
     * @throws InputException when the run directory holds a run with other settings
     */
    public static JsonObject run(TrainRequest r, Progress progress) throws IOException {
        AlgorithmConfig config = validate(r);
        RunSettings s = r.settings();
        RunDirectory dir = r.directory();
        if (dir.isStarted()) {
            RunSettings stored = storedSettings(dir);
            String diff = s.differences(stored);
            if (!diff.isEmpty()) {
                throw new InputException(dir.root() + " holds a run with other settings (" + diff
                        + "); use another --out or delete it");
            }
            if (dir.isFinished()) {
                return JsonParser.parseString(Files.readString(dir.summary())).getAsJsonObject();
            }
        }
        Device device = device(r.device());
        boolean toy = s.task().equals(TOY_TASK);
        TaskData task = load(s, toy ? null : datasetFile(r), dir, config);
        Transitions data = task.data();
        ObservationNormalizer normalizer = task.normalizer();
        EnvironmentFactory env = task.env();
        if (!dir.isStarted()) {
            Files.createDirectories(dir.root());
            if (!toy) {
                normalizer.save(dir.normalizer());
            }
            JsonObject configJson = configJson(s, config, device, data);
            configJson.add("protocol", protocolJson(s, config, task.qScale()));
            if (task.reference() != null) {
                configJson.getAsJsonObject("run").add("normalized_score_reference", task.reference().toJson());
            }
            AtomicFiles.writeString(dir.config(), Summaries.GSON.toJson(configJson) + "\n");
        }
        AgentContext context = new AgentContext(data.obsDim(), data.actDim(), s.seeds(), device, task.qScale());
        int batchSize = config.common().batchSize();
        Selection selection = config.common().selection();
        boolean selectByQ = selection.selectByQ();
        try (NDManager base = NDManager.newBaseManager(device);
                Agent agent = factory(s.algo()).create(config, context);
                DeviceSampler sampler = new DeviceSampler(data, base)) {
            TrainLoop loop = new TrainLoop(agent, sampler::sample, batchSize, s.seeds()[0], device);
            StepRunner runner = (from, to, listener) -> loop.run(from, to, s.logEvery(), listener::onMetrics);
            RunEvaluator evaluator = toy
                    ? step -> evaluateToy(agent, s, step, selectByQ, base)
                    : d4rlEvaluator(agent, s, env, normalizer, task.reference(), selectByQ, base,
                            step -> step == s.steps() ? selection.finalEpisodes() : s.evalEpisodes());
            Checkpointable model = new Checkpointable() {
                @Override
                public void save(Path d) throws IOException {
                    agent.save(d);
                }

                @Override
                public void load(Path d) throws IOException {
                    agent.load(d);
                }
            };
            return new Trainer(dir, s).run(model, runner, evaluator, progress);
        }
    }

    /**
     * A run's training data (rewards transformed, observations normalised when the protocol says
     * so), its normaliser (the identity for raw observations) and simulator, the reference returns
     * of its normalized scores (null for the toy task), and the factor of Q in selection by Q
     * ({@link QScale#factor} of the dataset's episode returns).
     */
    record TaskData(Transitions data, ObservationNormalizer normalizer, EnvironmentFactory env, ScoreReference reference,
            double qScale) {}

    /**
     * The returns a normalized score maps to 0 and 100: the dataset's own reference scores
     * ({@code source} "dataset", e.g. Minari's ref_min_score / ref_max_score) when it has them,
     * else the task's D4RL ones ({@code source} "d4rl").
     */
    record ScoreReference(String source, double min, double max) {
        static ScoreReference of(D4rlDataset ds, EnvironmentFactory env) {
            double[] ref = ds.referenceScores();
            return ref != null ? new ScoreReference("dataset", ref[0], ref[1])
                    : new ScoreReference("d4rl", env.refMin(), env.refMax());
        }

        /** The evaluation's mean and std of normalized scores under this reference. */
        double[] scores(EvalResult e) {
            if (source.equals("d4rl")) {
                return new double[] {e.normalizedScoreMean(), e.normalizedScoreStd()};
            }
            // the score is linear in the return, so its mean and std follow from the return's
            return new double[] {100 * (e.returnMean() - min) / (max - min), 100 * e.returnStd() / Math.abs(max - min)};
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("source", source);
            o.addProperty("ref_min_score", min);
            o.addProperty("ref_max_score", max);
            return o;
        }
    }

    /**
     * Generates ({@code toy-bandit}) or reads the run's data. The observation normaliser is fitted
     * on the dataset (the identity where the protocol keeps raw observations), or read back from
     * the run directory when the run already stored one. The toy task's samples are one-step
     * episodes, so their returns are their rewards.
     */
    static TaskData load(RunSettings s, Path file, RunDirectory dir, AlgorithmConfig config) {
        Selection selection = config.common().selection();
        if (file == null) {
            Transitions data = ToyBandit.generate(s.seeds()[0]);
            double[] returns = new double[data.size()];
            float[] rewards = data.rewards();
            for (int i = 0; i < returns.length; i++) {
                returns[i] = rewards[i];
            }
            return new TaskData(data, ObservationNormalizer.identity(data.obsDim()), null, null,
                    qScale(selection, returns, s.task()));
        }
        Task task = TaskRegistry.resolve(s.task());
        EnvironmentFactory env = task.environment();
        RewardTransform reward = config.common().reward();
        D4rlDataset ds = task.readDataset(file.toString());
        env.requireMatches(ds.obsDim(), ds.actDim(), file.toString());
        Transitions data = task.domain() == Domain.ANTMAZE ? AntMazeData.transitions(ds, reward)
                : reward.apply(Transitions.from(ds));
        ObservationNormalizer normalizer = Files.isRegularFile(dir.normalizer())
                ? ObservationNormalizer.load(dir.normalizer())
                : selection.normalizeObservations() ? ObservationNormalizer.fit(data)
                : ObservationNormalizer.identity(data.obsDim());
        return new TaskData(normalizer.apply(data), normalizer, env, ScoreReference.of(ds, env),
                qScale(selection, ds.episodeReturns(), file.toString()));
    }

    private static double qScale(Selection selection, double[] episodeReturns, String data) {
        try {
            return selection.qScale().factor(episodeReturns);
        } catch (IllegalArgumentException e) {
            throw new InputException(data + ": " + e.getMessage() + " (--set qScale=none)", e);
        }
    }

    /**
     * The protocol a run is evaluated under, for its {@code config.json}: its name, its resolved
     * {@link Selection} values, and the Q scale factor computed from the data.
     */
    static JsonObject protocolJson(RunSettings s, AlgorithmConfig config, double qScale) {
        JsonObject o = new JsonObject();
        o.addProperty("name", s.protocol().cliName());
        RecordJson.toJson(config.common().selection()).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        o.addProperty("q_scale_factor", qScale);
        return o;
    }

    /**
     * The Q scale factor a run recorded in its {@code config.json}; 1 for runs recorded before
     * protocols existed, which selected on Q as the critic learned it.
     */
    public static double storedQScale(RunDirectory dir) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(dir.config())).getAsJsonObject();
        return o.has("protocol") ? o.getAsJsonObject("protocol").get("q_scale_factor").getAsDouble() : 1;
    }

    /** A re-evaluation of a run's committed checkpoint. */
    public record Evaluation(long step, List<EvalRecord> records) {}

    /**
     * Evaluates the committed checkpoint of a run again, as its own evaluations did (same
     * protocol), optionally with another number of episodes. Writes nothing.
     */
    public static Evaluation evaluateCheckpoint(RunDirectory dir, Integer episodes, Path dataDir, String deviceName)
            throws IOException {
        RunSettings stored = storedSettings(dir);
        long step = Trainer.committedStep(dir);
        if (step == 0) {
            throw new InputException(dir.root() + " has no checkpoint yet (state.json is written at the first checkpoint)");
        }
        RunSettings s = stored;
        TrainRequest r = new TrainRequest(s, dir.root(), dataDir, deviceName);
        AgentFactory f = factory(s.algo());
        AlgorithmConfig config = f.config(s.task(), s.protocol(), s.overrides());
        Device device = device(deviceName);
        boolean toy = s.task().equals(TOY_TASK);
        TaskData task = load(s, toy ? null : datasetFile(r), dir, config);
        AgentContext context = new AgentContext(task.data().obsDim(), task.data().actDim(), s.seeds(), device,
                storedQScale(dir));
        Selection selection = config.common().selection();
        boolean selectByQ = selection.selectByQ();
        LongToIntFunction episodesAt = episodes != null ? k -> episodes
                : k -> k == s.steps() ? selection.finalEpisodes() : s.evalEpisodes();
        try (NDManager base = NDManager.newBaseManager(device); Agent agent = f.create(config, context)) {
            agent.load(dir.checkpoint(step));
            RunEvaluator evaluator = toy
                    ? k -> evaluateToy(agent, s, k, selectByQ, base)
                    : d4rlEvaluator(agent, s, task.env(), task.normalizer(), task.reference(), selectByQ, base,
                            episodesAt);
            return new Evaluation(step, evaluator.evaluate(step));
        }
    }

    /** The algorithm's gradient steps for a task: {@code trainingSteps} of its resolved config. */
    public static long defaultSteps(String algo, String task, Map<String, String> overrides) {
        return factory(algo).config(task, overrides).common().trainingSteps();
    }

    /**
     * Evaluations on the task's simulator, {@code episodesAt(step)} episodes per member: the
     * protocol's {@code finalEpisodes} after the last step, {@code --eval-episodes} before it.
     */
    private static RunEvaluator d4rlEvaluator(Agent agent, RunSettings s, EnvironmentFactory env,
            ObservationNormalizer normalizer, ScoreReference reference, boolean selectByQ, NDManager base,
            LongToIntFunction episodesAt) {
        return step -> {
            List<EvalRecord> out = new ArrayList<>();
            long[] seeds = s.seeds();
            try (Evaluator evaluator = new Evaluator(env, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
                for (int m = 0; m < seeds.length; m++) {
                    Seeding.reseed(seeds[0] ^ EVAL_STREAM, step * seeds.length + m);
                    EvalResult e = evaluator.evaluate(new AgentPolicy(agent, m, normalizer, selectByQ, base),
                            episodesAt.applyAsInt(step), Seeding.mix(seeds[m], step));
                    double[] score = reference.scores(e);
                    out.add(new EvalRecord(step, seeds[m], 0, e.returnMean(), e.returnStd(),
                            score[0], score[1], e.episodes(), new TreeMap<>()));
                }
            }
            return out;
        };
    }

    /**
     * {@value #TOY_ACTIONS} actions per member at the toy task's zero state, chosen as evaluation
     * chooses them on D4RL: among candidates by Q when {@code selectByQ}, else the policy's own.
     */
    static List<EvalRecord> evaluateToy(Agent agent, RunSettings s, long step, boolean selectByQ, NDManager base) {
        Seeding.reseed(s.seeds()[0] ^ EVAL_STREAM, step);
        int members = agent.members();
        int actionDim = agent.actionDim();
        float[][] actions = new float[members][TOY_ACTIONS * actionDim];
        // In chunks: with selection by Q every state scores 50 candidates, and DQL's chain keeps
        // T activations of them alive, which for all 10,000 states at once takes gigabytes. Small
        // chunks keep each activation under a few hundred kilobytes, which the allocator reuses;
        // chunks of 1000 states spent half the evaluation in the kernel mapping fresh pages.
        for (int from = 0; from < TOY_ACTIONS; from += TOY_CHUNK) {
            int n = Math.min(TOY_CHUNK, TOY_ACTIONS - from);
            try (NDManager call = base.newSubManager()) {
                NDArray states = call.zeros(new Shape(members, n, agent.observationDim()));
                float[] chunk = agent.act(states, selectByQ, call).toFloatArray();
                for (int m = 0; m < members; m++) {
                    System.arraycopy(chunk, m * n * actionDim, actions[m], from * actionDim, n * actionDim);
                }
            }
        }
        List<EvalRecord> out = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            TreeMap<String, Double> extras = new TreeMap<>();
            for (Map.Entry<String, Double> e : ToyBandit.clusterFractions(actions[m]).entrySet()) {
                extras.put(Summaries.clusterColumn(e.getKey()), e.getValue());
            }
            out.add(new EvalRecord(step, s.seeds()[m], 0, Double.NaN, Double.NaN,
                    ToyBandit.score(actions[m]), Double.NaN, TOY_ACTIONS, extras));
        }
        return out;
    }

    static JsonObject configJson(RunSettings s, AlgorithmConfig config, Device device, Transitions data) {
        JsonObject o = new JsonObject();
        o.add("settings", settingsJson(s));
        o.addProperty("config_class", config.getClass().getName());
        o.add("config", RecordJson.toJson(config));
        JsonObject run = new JsonObject();
        run.addProperty("device", device.toString());
        run.addProperty("observation_dim", data.obsDim());
        run.addProperty("action_dim", data.actDim());
        run.addProperty("transitions", data.size());
        run.addProperty("started", java.time.Instant.now().toString());
        o.add("run", run);
        JsonObject v = new JsonObject();
        String ofql = Training.class.getPackage().getImplementationVersion();
        v.addProperty("ofql", ofql == null ? "dev" : ofql);
        v.addProperty("djl", Engine.getDjlVersion());
        v.addProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        v.addProperty("java", Runtime.version().toString());
        o.add("versions", v);
        return o;
    }

    static JsonObject settingsJson(RunSettings s) {
        JsonObject o = new JsonObject();
        o.addProperty("algo", s.algo());
        o.addProperty("task", s.task());
        JsonArray seeds = new JsonArray();
        for (long seed : s.seeds()) {
            seeds.add(seed);
        }
        o.add("seeds", seeds);
        o.addProperty("steps", s.steps());
        o.addProperty("eval_every", s.evalEvery());
        o.addProperty("eval_episodes", s.evalEpisodes());
        o.addProperty("log_every", s.logEvery());
        o.addProperty("checkpoint_every", s.checkpointEvery());
        JsonObject set = new JsonObject();
        s.overrides().forEach(set::addProperty);
        o.add("set", set);
        if (s.dataset() != null) {
            o.addProperty("dataset", s.dataset());
        }
        o.addProperty("protocol", s.protocol().cliName());
        return o;
    }

    /** The settings a run directory's {@code config.json} records. */
    public static RunSettings storedSettings(RunDirectory dir) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(dir.config())).getAsJsonObject().getAsJsonObject("settings");
        long[] seeds = new long[o.getAsJsonArray("seeds").size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = o.getAsJsonArray("seeds").get(i).getAsLong();
        }
        SortedMap<String, String> set = new TreeMap<>();
        o.getAsJsonObject("set").entrySet().forEach(e -> set.put(e.getKey(), e.getValue().getAsString()));
        return new RunSettings(o.get("algo").getAsString(), o.get("task").getAsString(), seeds,
                o.get("steps").getAsLong(), o.get("eval_every").getAsLong(), o.get("eval_episodes").getAsInt(),
                o.get("log_every").getAsLong(), o.get("checkpoint_every").getAsLong(), set,
                o.has("dataset") ? o.get("dataset").getAsString() : null,
                protocolOf(o));
    }

    /**
     * The protocol that {@code settings} of a run's {@code config.json} names; {@code paper} for
     * runs recorded before protocols existed.
     */
    public static Protocol protocolOf(JsonObject settings) {
        return Protocol.parse(settings.has("protocol") ? settings.get("protocol").getAsString() : null);
    }

    /** Names of the algorithms found, for messages. */
    public static String known() {
        return factories().keySet().stream().collect(Collectors.joining(", "));
    }
}
