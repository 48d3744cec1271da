package io.ofql.task;

import io.ofql.InputException;
import io.ofql.data.AntMazeData;
import io.ofql.data.D4rlDataset;
import io.ofql.data.D4rlReader;
import io.ofql.data.Datasets;
import io.ofql.data.RewardTransform;
import io.ofql.env.EnvironmentFactory;
import io.ofql.env.Environments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * One task as {@link TaskRegistry#resolve} returns it: the name as given and everything the
 * registry's row says about it.
 *
 * @param name the accepted name, e.g. {@code antmaze-large-diverse-v2} or {@code toy-bandit}
 * @param base the name without its version, the key of algorithm presets ({@code antmaze-large-diverse})
 * @param version the number after {@code -v}, or {@link #UNVERSIONED} for the toy bandit
 * @param domain the benchmark domain, which decides the default reward rule
 * @param envId the environment the task is evaluated in ({@code hopper}, {@code antmaze-umaze},
 *     {@code kitchen}, ...); the versions of a task share it
 * @param fileName the file D4RL downloads this version's dataset to, or {@code null} when the data
 *     is generated (toy bandit)
 * @param refMin D4RL's REF_MIN_SCORE (a random policy's return; 0 for AntMaze and Kitchen)
 * @param refMax D4RL's REF_MAX_SCORE (an expert's return; 1 for AntMaze, 4 for Kitchen)
 * @param episodeLength steps after which an evaluation episode times out (1 for the bandit)
 */
public record Task(String name, String base, int version, Domain domain, String envId, String fileName,
        double refMin, double refMax, int episodeLength) {

    /** The version of a task whose name has none. */
    public static final int UNVERSIONED = -1;

    /** Environment variable that overrides the data directory. */
    public static final String DATA_DIR_ENV = "OFQL_DATA_DIR";

    /** D4RL's own override of its dataset directory, honoured after {@link #DATA_DIR_ENV}. */
    public static final String D4RL_DATA_DIR_ENV = "D4RL_DATASET_DIR";

    /** Whether the task's data is generated rather than read from a D4RL file. */
    public boolean generated() {
        return fileName == null;
    }

    /** The reward transform the OFQL paper and its baselines use for this task's domain. */
    public RewardTransform defaultRewardTransform() {
        return domain.reward();
    }

    /**
     * The environment this task is evaluated in.
     *
     * @throws InputException when the task has none (its data is generated)
     */
    public EnvironmentFactory environment() {
        if (envId == null) {
            throw new InputException("task " + name + " has no simulator (its data is generated)");
        }
        return Environments.forId(envId);
    }

    /** D4RL normalized score: 100 (return - refMin) / (refMax - refMin). */
    public double normalizedScore(double episodeReturn) {
        return 100.0 * (episodeReturn - refMin) / (refMax - refMin);
    }

    /**
     * The directory datasets are looked up in: {@code $OFQL_DATA_DIR}, else D4RL's own
     * {@code $D4RL_DATASET_DIR}, else {@code ~/.d4rl/datasets} (where D4RL downloads them).
     */
    public static Path defaultDataDir() {
        for (String variable : new String[] {DATA_DIR_ENV, D4RL_DATA_DIR_ENV}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Paths.get(value);
            }
        }
        return Paths.get(System.getProperty("user.home"), ".d4rl", "datasets");
    }

    /**
     * Reads a dataset for this task: an AntMaze or Kitchen file in its domain's layout, anything
     * else by its own format ({@link Datasets#read(String)}: D4RL, Minari folder or id, OGBench).
     *
     * @throws InputException naming the file and key when the data does not fit
     */
    public D4rlDataset readDataset(String spec) {
        return switch (domain) {
            case ANTMAZE -> AntMazeData.read(Datasets.resolve(spec));
            case KITCHEN -> D4rlReader.read(Datasets.resolve(spec), D4rlReader.Layout.KITCHEN);
            default -> Datasets.read(spec);
        };
    }

    /**
     * The dataset file of this task under {@code dataDir}.
     *
     * @throws InputException saying where it looked and which file it expected when it is missing,
     *     or that the task's data is generated
     */
    public Path resolve(Path dataDir) {
        if (generated()) {
            throw new InputException(name + " has no dataset file (its data is generated)");
        }
        Path file = dataDir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new InputException("dataset for " + name + " not found: expected the file " + fileName
                    + " in " + dataDir.toAbsolutePath() + " (set " + DATA_DIR_ENV
                    + " or pass the data directory; D4RL downloads it to ~/.d4rl/datasets)");
        }
        return file;
    }
}
