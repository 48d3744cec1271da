package io.ofql.experiments.cli;

import io.ofql.task.TaskRegistry;
import io.ofql.InputException;
import io.ofql.collect.Behaviour;
import io.ofql.collect.CollectedData;
import io.ofql.collect.Collector;
import io.ofql.collect.DatasetWriter;
import io.ofql.collect.Level;
import io.ofql.env.EnvSpec;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.Environments;
import io.ofql.env.BatchPolicy;
import io.ofql.eval.ExpertPolicy;
import io.ofql.nn.Seeding;
import io.ofql.experiments.run.AtomicFiles;
import io.ofql.experiments.run.Progress;
import io.ofql.experiments.run.RunPolicy;
import io.ofql.experiments.run.TerminalProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ofql dataset collect}: rolls a policy out in the toolkit's own environment with action
 * noise and random steps ({@link Behaviour}, presets in {@link Level}) and writes a D4RL-layout
 * HDF5 file ({@link DatasetWriter}) atomically: the file appears complete or not at all.
 *
 * <p>{@code medium-expert} collects {@code ceil(N/2)} medium transitions with seed S, then
 * {@code floor(N/2)} expert transitions with seed S + 1, and writes them in that order.
 */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = {
            "Roll out a policy in a MuJoCo environment and write a D4RL-layout HDF5 dataset.",
            "Each step takes a uniform random action in [-1, 1] with probability --random-prob, else the "
                    + "policy's action plus Gaussian noise of std --noise, clipped to [-1, 1]. Levels are presets: "
                    + "expert (noise 0.1), medium (noise 0.1, random prob " + Level.MEDIUM_RANDOM_PROB + "), random "
                    + "(every action random, no policy needed), medium-expert (half medium, then half expert); "
                    + "--noise and --random-prob override them (for medium-expert, --random-prob sets the "
                    + "medium half's)."
        })
final class DatasetCollectCommand implements Runnable {
    /** Format of the {@code metadata/} group; bumped when its keys change meaning. */
    static final int METADATA_VERSION = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ENV",
            description = "hopper, halfcheetah, walker2d or ant (or a D4RL task name such as hopper-medium-v2).")
    String env;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy to roll out: a CS285-format expert HDF5 file (obs_mean, obs_std, hidden/k/{W,b}, "
                    + "out/{W,b}), or a toolkit run directory (its committed checkpoint, first seed, acting as in its "
                    + "evaluations). Not needed for --level random.")
    Path policyFile;

    @Option(names = "--level", defaultValue = "expert", paramLabel = "LEVEL",
            description = "expert, medium, random or medium-expert (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--transitions", defaultValue = "1000000", paramLabel = "N",
            description = "Transitions in the file (default ${DEFAULT-VALUE}, D4RL's size).")
    int transitions;

    @Option(names = "--noise", paramLabel = "SIGMA", description = "Std of the Gaussian action noise (default: the level's).")
    Double noise;

    @Option(names = "--random-prob", paramLabel = "P",
            description = "Probability per step of a uniform random action (default: the level's).")
    Double randomProb;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of resets, noise and random steps (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--envs", defaultValue = "1",
            description = "Simulators stepped in lock step, one batched policy call per step (default ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--out", required = true, paramLabel = "FILE.hdf5", description = "The dataset file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    /** One collection of a {@code medium-expert} pair, or the only one. */
    private record Part(Level level, Behaviour behaviour, int transitions, long seed) {}

    @Override
    public void run() {
        EnvironmentFactory environment = TaskRegistry.environment(env);
        EnvSpec envSpec = EnvSpec.forId(environment.id());
        Level lvl = Level.parse(level);
        Part[] parts = parts(lvl);
        boolean needsPolicy = false;
        for (Part p : parts) {
            needsPolicy |= p.behaviour().usesPolicy();
        }
        if (needsPolicy && policyFile == null) {
            throw new InputException("--policy is required for level " + lvl.id()
                    + " unless every action is random (--random-prob 1)");
        }
        if (Files.isDirectory(out)) {
            throw new InputException("--out " + out + " is a directory, expected a file name such as hopper-medium.hdf5");
        }
        if (Files.exists(out) && !overwrite) {
            throw new InputException("--out " + out + " exists; pass --overwrite to replace it");
        }
        Path dir = out.toAbsolutePath().getParent();
        AtomicFiles.requireWritableDirectory(dir, "--out directory");
        RunPolicy run = needsPolicy && RunPolicy.isRun(policyFile) ? RunPolicy.load(policyFile) : null;
        try {
            BatchPolicy policy = run != null ? run : needsPolicy ? ExpertPolicy.load(policyFile) : null;
            if (policy != null) {
                environment.requireMatches(policy.observationDim(), policy.actionDim(), "policy " + policyFile);
            }
            collectAndWrite(envSpec, lvl, parts, policy, run);
        } finally {
            if (run != null) {
                run.close();
            }
        }
    }

    private void collectAndWrite(EnvSpec envSpec, Level lvl, Part[] parts, BatchPolicy policy, RunPolicy run) {
        CollectedData data = null;
        Map<String, Object> partsMeta = new LinkedHashMap<>();
        try (Progress progress = new TerminalProgress("collect " + envSpec.id() + " " + lvl.id())) {
            progress.start(0, transitions);
            long done = 0;
            for (Part p : parts) {
                if (run != null) {
                    // a trained agent samples its actions from the engine's generator
                    Seeding.reseed(p.seed(), 0);
                }
                long offset = done;
                CollectedData d = Collector.builder(envSpec, p.transitions())
                        .optPolicy(policy)
                        .optBehaviour(p.behaviour())
                        .optSeed(p.seed())
                        .optEnvs(envs)
                        .optProgress(steps -> progress.update(offset + steps, Double.NaN))
                        .build()
                        .collect();
                done += d.size();
                partsMeta.put(p.level().id(), partMetadata(p, d));
                data = data == null ? d : CollectedData.concat(data, d);
            }
        }
        Map<String, Object> meta = metadata(envSpec, lvl, parts, data, partsMeta, policy, run);
        CollectedData written = data;
        try {
            AtomicFiles.write(out, tmp -> DatasetWriter.write(tmp, written, meta));
        } catch (IOException | UncheckedIOException e) {
            throw new InputException("--out " + out + ": cannot write (" + e.getMessage() + ")", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s: %d transitions of %s, level %s, seed %d%n", out, data.size(), envSpec.id(),
                lvl.id(), seed);
        for (Part p : parts) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) partsMeta.get(p.level().id());
            w.printf(Locale.ROOT, "  %-7s noise %.3g, random prob %.3g: %d complete episodes, mean return %.1f, "
                            + "normalized score %.1f%n", p.level().id(), p.behaviour().noise(), p.behaviour().randomProb(),
                    m.get("episodes"), m.get("return_mean"), m.get("normalized_score"));
        }
        w.printf(Locale.ROOT, "behaviour: mean return %.1f, normalized score %.1f over %d complete episodes%n",
                data.returnMean(), data.normalizedScore(), data.episodeReturns().length);
        w.flush();
    }

    private Part[] parts(Level lvl) {
        if (lvl == Level.MEDIUM_EXPERT) {
            if (transitions < 2) {
                throw new InputException("--transitions " + transitions + ": medium-expert needs at least 2 (half each)");
            }
            return new Part[] {
                new Part(Level.MEDIUM, Level.MEDIUM.behaviour(noise, randomProb), transitions - transitions / 2, seed),
                new Part(Level.EXPERT, Level.EXPERT.behaviour(noise, null), transitions / 2, seed + 1)
            };
        }
        if (transitions < 1) {
            throw new InputException("--transitions " + transitions + ": expected at least 1");
        }
        return new Part[] {new Part(lvl, lvl.behaviour(noise, randomProb), transitions, seed)};
    }

    private static Map<String, Object> partMetadata(Part p, CollectedData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", p.level().id());
        m.put("noise", p.behaviour().noise());
        m.put("random_prob", p.behaviour().randomProb());
        m.put("seed", p.seed());
        m.put("transitions", (long) d.size());
        m.put("episodes", (long) d.episodeReturns().length);
        m.put("return_mean", d.returnMean());
        m.put("normalized_score", d.normalizedScore());
        return m;
    }

    /**
     * The {@code metadata/} group: what was collected, how, by which toolkit, and how well the
     * behaviour did. A medium-expert file adds one subgroup per half ({@code medium/},
     * {@code expert/}) with that half's settings and returns.
     */
    private Map<String, Object> metadata(EnvSpec envSpec, Level lvl, Part[] parts, CollectedData data,
                                         Map<String, Object> partsMeta, BatchPolicy policy, RunPolicy run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", (long) METADATA_VERSION);
        m.put("source", "ofql dataset collect");
        m.put("toolkit_version", Ofql.toolkitVersion());
        m.put("environment", envSpec.id());
        m.put("level", lvl.id());
        m.put("policy", policy != null ? policyFile.toString() : "none");
        if (run != null) {
            m.put("policy_checkpoint_step", run.step());
        } else if (policy != null) {
            m.put("policy_sha256", sha256(policyFile));
        }
        if (parts.length == 1) {
            m.put("noise", parts[0].behaviour().noise());
            m.put("random_prob", parts[0].behaviour().randomProb());
        }
        m.put("seed", seed);
        m.put("transitions", (long) data.size());
        m.put("episodes", (long) data.episodeReturns().length);
        m.put("return_mean", data.returnMean());
        m.put("normalized_score", data.normalizedScore());
        m.put("ref_min_score", envSpec.refMin());
        m.put("ref_max_score", envSpec.refMax());
        if (parts.length > 1) {
            partsMeta.forEach(m::put);
        }
        return m;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new InputException("--policy " + file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
